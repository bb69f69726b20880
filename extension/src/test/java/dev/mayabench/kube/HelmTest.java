package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's failure paths where no helm is installed: the download comes from a loopback server standing in for
 * get.helm.sh (nothing in tests leaves this machine).
 */
class HelmTest {

    @TempDir
    Path dir;

    private HttpServer downloads;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void noHelmOnThePath() throws Exception {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            assumeFalse(!d.isEmpty() && Files.isExecutable(Path.of(d, "helm")), "helm is on the PATH here: " + d);
        }
        downloads = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }

    @AfterEach
    void stop() {
        downloads.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + downloads.getAddress().getPort() + "/");
    }

    private void serve(String path, int status, byte[] body) {
        downloads.createContext(path, exchange -> {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
    }

    @Test
    void missingDownloadSaysWhereItLookedAndHowToInstallHelm() {
        downloads.start();
        Helm helm = new Helm(dir.resolve("bin"), url(), log::add);

        assertThatThrownBy(helm::binary).isInstanceOf(HelmException.class)
                .hasMessageContaining("helm is not on the PATH and cannot be downloaded from " + url())
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("install helm " + Helm.VERSION);
        assertThat(log).anyMatch(l -> l.startsWith("helm is not on the PATH: downloading " + url()));
    }

    @Test
    void aDownloadThatDoesNotMatchItsChecksumIsNotInstalled() {
        String archive = "helm-v" + Helm.VERSION + "-linux-amd64.tar.gz";
        assumeFalse(System.getProperty("os.arch").contains("aarch64"), "the test serves the amd64 archive");
        serve("/" + archive, 200, "not helm".getBytes(StandardCharsets.UTF_8));
        serve("/" + archive + ".sha256sum", 200, ("0".repeat(64) + "  " + archive + "\n").getBytes(StandardCharsets.UTF_8));
        downloads.start();
        Helm helm = new Helm(dir.resolve("bin"), url(), log::add);

        assertThatThrownBy(helm::binary).isInstanceOf(HelmException.class)
                .hasMessageContaining("does not match its published SHA-256 (" + "0".repeat(64))
                .hasMessageContaining("nothing was installed");
        assertThat(dir.resolve("bin/helm")).doesNotExist();
    }

    @Test
    void installFailsWithHelmsErrorWhenHelmCannotBeHad() {
        downloads.start();
        Helm helm = new Helm(dir.resolve("bin"), url(), log::add);

        assertThatThrownBy(() -> helm.upgradeInstall(new Helm.HelmRelease("mayastor", "mayastor",
                MayastorChart.REPOSITORY, "2.11.0", "mayastor"), Map.of("etcd", Map.of("replicaCount", 1)),
                dir.resolve("admin.conf"), Duration.ofMinutes(1)))
                .isInstanceOf(HelmException.class).hasMessageContaining("cannot be downloaded");
        assertThat(dir.resolve("mayastor-values.yaml")).content().contains("replicaCount: 1");
    }
}
