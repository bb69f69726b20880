package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSpecPlaygroundTest {

    @TempDir
    Path dir;

    private ConfigSources file(String yaml) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "vars", ".yaml"), yaml);
        return ConfigSources.of(Map.of("mayabench.config", file.toString()), Map.of());
    }

    private static ConfigurationException failure(ConfigSources sources) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ClusterSpec.load(null, sources));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        return e;
    }

    @Test
    void playgroundVariablesMapOntoSettings() {
        ClusterSpec spec = ClusterSpec.load(null,
                ConfigSources.none().withClasspathFile(getClass().getResource("/config/playground.yaml")));

        assertThat(spec.name()).isEqualTo("demo");
        assertThat(spec.provider()).isEqualTo("aws");
        assertThat(spec.region()).contains("us-east-2");
        assertThat(spec.kubernetes()).isEqualTo("kubespray");
        assertThat(spec.storageNodes()).isEqualTo(3);
        assertThat(spec.instance()).isEqualTo("i3en.xlarge");
        assertThat(spec.workerNodes()).isEqualTo(2);
        assertThat(spec.masterNodes()).isEqualTo(1);
        assertThat(spec.workerInstance()).isEqualTo("c5.2xlarge");
        assertThat(spec.hugepages()).isEqualTo(1536);
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.protocol()).isEqualTo("nvmf");
        assertThat(spec.skip()).isEmpty();
        assertThat(spec.origins().get("storageNodes")).startsWith("key STORAGE_NODES.count in mayabench.yaml");
        assertThat(spec.origins().get("replicas")).startsWith("key REPLICA_COUNT in ");
    }

    @Test
    void playgroundVariablesMayabenchDoesNotUseAreReportedWithTheReason() {
        ClusterSpec spec = ClusterSpec.load(null,
                ConfigSources.none().withClasspathFile(getClass().getResource("/config/playground.yaml")));

        assertThat(spec.notApplicable()).hasSize(3);
        assertThat(spec.notApplicable().get(0))
                .startsWith("SSH_USER = 'ubuntu' (key SSH_USER in mayabench.yaml on the classpath (")
                .endsWith(") is a playground setting mayabench does not use: the provisioner logs in with the user "
                        + "of the machine image it starts");
        assertThat(spec.notApplicable().get(1)).startsWith("KSPRAY_RELEASE = 'release-2.15'")
                .contains("pin the Kubernetes installer versions");
        assertThat(spec.notApplicable().get(2)).startsWith("RUN_FIO = 'true'");
    }

    @Test
    void stagesLeftOutOfStagesAreSkipped() throws IOException {
        ClusterSpec spec = ClusterSpec.load(null, file("STAGES: \"prep_nodes prov\"\n"));

        assertThat(spec.skip()).containsExactly(StageName.TUNNEL, StageName.KUBERNETES);
        assertThat(spec.origins().get("skip")).startsWith("key STAGES in ");
    }

    @Test
    void countOnlyNodeGroupsAndLowerCaseNames() throws IOException {
        ClusterSpec spec = ClusterSpec.load(null, file("storage_nodes: 5\nnr_hugepages: 2048\nsetup_name: lab\n"));

        assertThat(spec.storageNodes()).isEqualTo(5);
        assertThat(spec.hugepages()).isEqualTo(2048);
        assertThat(spec.name()).isEqualTo("lab");
    }

    @Test
    void aliasAndKeyWithTheSameValueAgree() throws IOException {
        assertThat(ClusterSpec.load(null, file("replicas: 2\nREPLICA_COUNT: 2\n")).replicas()).isEqualTo(2);
    }

    @Test
    void aliasAndKeyWithDifferentValuesContradictEachOther() throws IOException {
        ConfigurationException e = failure(file("replicas: 2\nREPLICA_COUNT: 3\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("replicas");
            assertThat(p.value()).isEqualTo("2' and '3");
            assertThat(p.fix()).contains("key replicas, key REPLICA_COUNT");
        });
    }

    @Test
    void workersAndMastersShareOneInstanceType() throws IOException {
        ConfigurationException e = failure(file(
                "WORKER_NODES: {count: 2, type: c5.xlarge}\nMASTER_NODES: {count: 1, type: m5.large}\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("workerInstance");
            assertThat(p.fix()).contains("mayabench uses one instance type for worker and master nodes");
        });
    }

    @Test
    void mistakesInPlaygroundVariables() throws IOException {
        ConfigurationException e = failure(file("""
                PLATFORM: gcp
                K8S_INSTALLER: None
                STAGES: prov k8z
                STORAGE_NODES: {count: 3, typ: i3.xlarge}
                REPLICA_COUNT: two
                """));

        assertThat(e.problems()).extracting(Problem::setting)
                .containsExactly("kubernetes", "STAGES", "STORAGE_NODES.typ", "provider", "replicas");
        assertThat(e.problems().get(0).fix()).contains("leave 'k8s' out of STAGES");
        assertThat(e.problems().get(1).fix()).isEqualTo("did you mean 'k8s'?");
        assertThat(e.problems().get(2).fix()).isEqualTo("did you mean 'type'?");
        assertThat(e.problems().get(3).origin()).startsWith("key PLATFORM in ");
        assertThat(e.problems().get(4).origin()).startsWith("key REPLICA_COUNT in ");
    }
}
