package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fixtures.kube.ChartRepositoryServer;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Reading a chart repository's index.yaml, as helm does, before anything is installed. */
class ChartRepositoryTest {

    @Test
    void theVersionsComeFromTheIndexNewestFirstWithPreReleasesBeforeTheirRelease() throws Exception {
        try (ChartRepositoryServer server = ChartRepositoryServer.start("mayastor", "2.9.1", "2.11.0-rc.1", "2.11.0",
                "2.10.0")) {
            ChartRepository repository = ChartRepository.of(server.url());

            assertThat(repository.versions("mayastor")).containsExactly("2.11.0", "2.11.0-rc.1", "2.10.0", "2.9.1");
            assertThat(repository.indexUrl()).isEqualTo(server.url().resolve("index.yaml"));
        }
    }

    @Test
    void aVersionTheIndexDoesNotListFailsNamingTheSettingThePublishedVersionsAndTheClosest() throws Exception {
        try (ChartRepositoryServer server = ChartRepositoryServer.start("mayastor", "2.9.1", "2.10.0", "2.11.0")) {
            ChartRepository repository = ChartRepository.of(server.url());

            repository.requirePublished("mayastor", "2.11.0", "mayastor.chartVersion");
            repository.requirePublished("mayastor", "v2.10.0", "mayastor.chartVersion");
            assertThatThrownBy(() -> repository.requirePublished("mayastor", "2.11.1", "mayastor.chartVersion"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("mayastor.chartVersion = '2.11.1'")
                    .hasMessageContaining("2.11.0, 2.10.0, 2.9.1")
                    .hasMessageContaining(server.url().resolve("index.yaml").toString())
                    .hasMessageContaining("did you mean '2.11.0'?");
            assertThat(server.indexRequests()).as("the index is read once").isEqualTo(1);
        }
    }

    @Test
    void aRepositoryWithoutTheChartOrWithoutAnIndexSaysSo() throws Exception {
        try (ChartRepositoryServer server = ChartRepositoryServer.start("other", "1.0.0")) {
            assertThatThrownBy(() -> ChartRepository.of(server.url()).versions("mayastor"))
                    .isInstanceOf(KubeException.class)
                    .hasMessageContaining("has no chart 'mayastor'").hasMessageContaining("charts there: other");
            assertThatThrownBy(() -> ChartRepository.of(URI.create(server.url() + "nowhere/")).versions("mayastor"))
                    .isInstanceOf(KubeException.class).hasMessageContaining("HTTP 404");
        }
    }
}
