package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeSettingsTest {

    @TempDir
    Path dir;

    private static ClusterSpec load(Map<String, String> properties) {
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    private static Problem problem(Map<String, String> properties) {
        try {
            load(properties);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a configuration error for " + properties);
    }

    @Test
    void defaultsDeployMayastorWithThePinnedChartAndRunPodsInTheirOwnNamespace() {
        ClusterSpec spec = load(Map.of("mayabench.provider", "existing"));

        assertThat(spec.kube().storageClass()).isEmpty();
        assertThat(spec.kube().namespace()).isEqualTo("mayabench");
        assertThat(spec.kube().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.mayastor().chartVersion()).isEqualTo(MayastorOptions.DEFAULT_CHART_VERSION);
        assertThat(spec.mayastor().etcdReplicasFor(2)).isEqualTo(2);
        assertThat(spec.mayastor().etcdReplicasFor(5)).isEqualTo(3);
    }

    @Test
    void poolDisksAreGivenForAllNodesOrPerNode() {
        ClusterSpec spec = load(Map.of("mayabench.provider", "existing",
                "mayabench.mayastor.poolDisk", "/dev/nvme1n1, storage-2=aio:///dev/sdb"));

        assertThat(spec.mayastor().poolDisk("storage-1")).contains("/dev/nvme1n1");
        assertThat(spec.mayastor().poolDisk("storage-2")).contains("aio:///dev/sdb");
        assertThat(spec.describe()).containsEntry("mayastor.poolDisk", "/dev/nvme1n1,storage-2=aio:///dev/sdb");
    }

    @Test
    void aDiskWithoutDevIsRefusedWithTheFix() {
        Problem p = problem(Map.of("mayabench.provider", "existing", "mayabench.mayastor.poolDisk", "nvme1n1"));

        assertThat(p.setting()).isEqualTo("mayastor.poolDisk");
        assertThat(p.fix()).isEqualTo("did you mean '/dev/nvme1n1'?");
    }

    @Test
    void storageClassNamesAreKubernetesNames() {
        Problem p = problem(Map.of("mayabench.provider", "existing", "mayabench.storageClass", "Local_Path"));

        assertThat(p.setting()).isEqualTo("storageClass");
        assertThat(p.fix()).startsWith("did you mean 'local-path'?");
    }

    @Test
    void aMissingKubeconfigIsNamed() {
        Path missing = dir.resolve("nope.conf");
        Problem p = problem(Map.of("mayabench.provider", "existing", "mayabench.kubeconfig", missing.toString()));

        assertThat(p.setting()).isEqualTo("kubeconfig");
        assertThat(p.fix()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void anExistingKubeconfigIsTaken() throws Exception {
        Path file = Files.writeString(dir.resolve("admin.conf"), "apiVersion: v1\n");
        ClusterSpec spec = load(Map.of("mayabench.provider", "existing", "mayabench.kubeconfig", file.toString()));

        assertThat(spec.kube().kubeconfig()).isEqualTo(Optional.of(file));
    }

    @Test
    void fsTypeAndTimeoutSuggestTheirFix() {
        assertThat(problem(Map.of("mayabench.provider", "existing", "mayabench.mayastor.fsType", "ext3")).fix())
                .isEqualTo("did you mean 'ext4'?");
        assertThat(problem(Map.of("mayabench.provider", "existing", "mayabench.kube.timeout", "10")).fix())
                .isEqualTo("did you mean '10m'?");
    }

    @Test
    void aCoreListThatIsNotNumbersSaysWhichPart() {
        Problem p = problem(Map.of("mayabench.provider", "existing", "mayabench.mayastor.ioEngineCores", "2,x"));

        assertThat(p.setting()).isEqualTo("mayastor.ioEngineCores");
        assertThat(p.fix()).isEqualTo("'x' is not a core number or a range low-high");
    }

    @Test
    void kubeSettingsAreNotApplicableLocally() {
        ClusterSpec spec = load(Map.of("mayabench.storageClass", "gp3"));

        assertThat(spec.notApplicable()).singleElement().asString().startsWith("storageClass = gp3")
                .contains("not applicable to provider 'local'");
    }
}
