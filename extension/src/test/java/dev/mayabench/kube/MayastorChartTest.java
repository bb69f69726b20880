package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MayastorChartTest {

    private static ClusterSpec spec(Map<String, String> properties) {
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void valuesCarryTheSpecsCoresHugepagesAndEtcdReplicas() {
        Map<String, Object> values = MayastorChart.values(spec(Map.of("mayabench.provider", "existing",
                "mayabench.storageNodes", "2", "mayabench.hugepages", "2048", "mayabench.mayastor.ioEngineCpus", "4")));

        Map<String, Object> ioEngine = (Map<String, Object>) values.get("io_engine");
        assertThat(ioEngine).containsEntry("cpuCount", "4");
        assertThat(ioEngine.get("resources").toString()).contains("hugepages2Mi=4096Mi");
        assertThat(values.get("etcd")).isEqualTo(Map.of("replicaCount", 2));
        assertThat(values).containsEntry("loki", Map.of("enabled", false)).doesNotContainKey("loki-stack");
    }

    @Test
    @SuppressWarnings("unchecked")
    void namedCoresBecomeTheCoreListAndTheirCount() {
        Map<String, Object> values = MayastorChart.values(spec(Map.of("mayabench.provider", "existing",
                "mayabench.mayastor.ioEngineCores", "2-4,7")));

        Map<String, Object> ioEngine = (Map<String, Object>) values.get("io_engine");
        assertThat(ioEngine).containsEntry("coreList", java.util.List.of(2, 3, 4, 7)).containsEntry("cpuCount", "4");
    }

    @Test
    void chartsBefore29SwitchLoggingOffUnderItsOldName() {
        Map<String, Object> values = MayastorChart.values(spec(Map.of("mayabench.provider", "existing",
                "mayabench.mayastor.chartVersion", "2.7.1")));

        assertThat(values).containsEntry("loki-stack", Map.of("enabled", false)).doesNotContainKey("loki");
    }

    @Test
    void aBareDeviceTheUserNamedTurnsTheCoreAgentsDevlinkCheckOffOnChartsThatHaveItAndOnlyThen() {
        ClusterSpec spec = spec(Map.of("mayabench.provider", "existing"));
        Map<String, String> bare = Map.of("storage-1", "/dev/nvme1n1",
                "storage-2", "/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1D2C3B4A5F6E7D8C9");
        Map<String, String> persistent = Map.of("storage-1", "/dev/disk/by-path/pci-0000:00:1f.0-nvme-1",
                "storage-2", "/dev/mapper/vg0-pool");

        assertThat(MayastorChart.values(spec, bare))
                .containsEntry("agents", Map.of("core", Map.of("allowNonPersistentDevlink", true)));
        assertThat(MayastorChart.devlinkNote(spec, bare)).get().asString()
                .contains("agents.core.allowNonPersistentDevlink=true", "{storage-1=/dev/nvme1n1}")
                .doesNotContain("storage-2");
        assertThat(MayastorChart.values(spec, persistent)).doesNotContainKey("agents");
        assertThat(MayastorChart.devlinkNote(spec, persistent)).isEmpty();

        ClusterSpec older = spec(Map.of("mayabench.provider", "existing", "mayabench.mayastor.chartVersion", "2.8.0"));
        assertThat(MayastorChart.values(older, bare)).as("2.8.0 predates the check").doesNotContainKey("agents");
        ClusterSpec between = spec(Map.of("mayabench.provider", "existing",
                "mayabench.mayastor.chartVersion", "2.9.1"));
        assertThat(MayastorChart.devlinkNote(between, bare)).get().asString()
                .contains("may predate this value", "/dev/disk/by-id/");
    }

    @Test
    void theCoreAgentsPersistentLinksAreThoseOfItsRegexTest() {
        // utils/utils-lib/src/disk.rs in openebs/mayastor-control-plane, test persistent_devlink_regex
        assertThat(DevicePath.isPersistentLink("/dev/disk/by-id/somepath")).isTrue();
        assertThat(DevicePath.isPersistentLink("/dev/disk/by-path/somepath")).isTrue();
        assertThat(DevicePath.isPersistentLink("/dev/disk/by-label/somepath")).isTrue();
        assertThat(DevicePath.isPersistentLink("/dev/disk/by-partuuid/somepath")).isTrue();
        assertThat(DevicePath.isPersistentLink("/dev/disk/by-partlabel/somepath")).isTrue();
        assertThat(DevicePath.isPersistentLink("/dev/mapper/dm0")).isTrue();
        assertThat(DevicePath.isPersistentLink("aio:///dev/disk/by-id/x")).isTrue();
        for (String refused : java.util.List.of("/dev/some/path", "/dev/mapper/some/path", "/dev/disk/some/path",
                "/dev/disk/by-something/path", "/dev/diskxyz/by-something/path", "/dev/disk/something-by/path",
                "/dev/disk/by-/path", "/dev/somevg/lv0", "/dev/nvme1n1", "aio:///dev/nvme1n1")) {
            assertThat(DevicePath.isPersistentLink(refused)).as(refused).isFalse();
        }
    }

    @Test
    void onMicroK8sTheCsiNodePluginRegistersInMicroK8ssKubeletDirectory() {
        Map<String, Object> microk8s = MayastorChart.values(spec(Map.of("mayabench.provider", "aws",
                "mayabench.kubernetes", "microk8s")));
        Map<String, Object> k3s = MayastorChart.values(spec(Map.of("mayabench.provider", "aws",
                "mayabench.kubernetes", "k3s")));

        assertThat(microk8s).containsEntry("csi",
                Map.of("node", Map.of("kubeletDir", "/var/snap/microk8s/common/var/lib/kubelet")));
        assertThat(k3s).doesNotContainKey("csi");
    }

    @Test
    void theDefaultChartVersionIsTheOneEvidencedAsPublished() {
        // openebs/openebs PR 4221 points the umbrella chart at "the 2.11.0 chart"; 2.11.1 was never seen in an index
        assertThat(spec(Map.of("mayabench.provider", "existing")).mayastor().chartVersion()).isEqualTo("2.11.0");
    }
}
