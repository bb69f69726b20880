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
}
