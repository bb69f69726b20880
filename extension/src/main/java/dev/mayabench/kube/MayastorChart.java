package dev.mayabench.kube;

import dev.mayabench.config.ClusterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mayastor's standalone Helm chart ({@value #REPOSITORY}, chart {@code mayastor}) and the values mayabench sets
 * from the spec: the io-engine's cores and hugepages, etcd's replicas, and the logging and call-home parts a
 * benchmark does not need switched off (they cost CPU on the nodes being measured). Keys are those of the
 * chart's {@code values.yaml}; the logging switch moved from {@code loki-stack} to {@code loki}/{@code alloy}
 * in 2.9.
 *
 * <pre>{@code
 * Map<String, Object> values = MayastorChart.values(spec);
 * // {io_engine={cpuCount=2, resources={limits={hugepages2Mi=2048Mi}, ...}}, etcd={replicaCount=3}, ...}
 * }</pre>
 */
final class MayastorChart {

    static final String REPOSITORY = "https://openebs.github.io/mayastor-extensions/";
    static final String CHART = "mayastor";
    static final String RELEASE = "mayastor";
    static final String NAMESPACE = "mayastor";

    private MayastorChart() {
    }

    static Helm.HelmRelease release(ClusterSpec spec) {
        return new Helm.HelmRelease(RELEASE, CHART, REPOSITORY, spec.mayastor().chartVersion(), NAMESPACE);
    }

    static Map<String, Object> values(ClusterSpec spec) {
        String hugepages = (spec.hugepages() * 2) + "Mi";
        Map<String, Object> resources = Map.of(
                "limits", Map.of("hugepages2Mi", hugepages),
                "requests", Map.of("hugepages2Mi", hugepages));
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> ioEngine = new LinkedHashMap<>();
        List<Integer> cores = spec.mayastor().ioEngineCores();
        ioEngine.put("cpuCount", Integer.toString(cores.isEmpty() ? spec.mayastor().ioEngineCpus() : cores.size()));
        if (!cores.isEmpty()) {
            ioEngine.put("coreList", cores);
        }
        ioEngine.put("resources", resources);
        values.put("io_engine", ioEngine);
        values.put("etcd", Map.of("replicaCount", spec.mayastor().etcdReplicasFor(spec.storageNodes())));
        if (before(spec.mayastor().chartVersion(), 2, 9)) {
            values.put("loki-stack", Map.of("enabled", false));
        } else {
            values.put("loki", Map.of("enabled", false));
            values.put("alloy", Map.of("enabled", false));
        }
        values.put("obs", Map.of("callhome", Map.of("enabled", false)));
        values.put("eventing", Map.of("enabled", false));
        return values;
    }

    static boolean before(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        int maj = Integer.parseInt(parts[0]);
        int min = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return maj < major || (maj == major && min < minor);
    }
}
