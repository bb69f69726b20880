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
        return release(spec, REPOSITORY);
    }

    /** The release from this chart repository (a mirror, or a test's loopback repository). */
    static Helm.HelmRelease release(ClusterSpec spec, String repository) {
        return new Helm.HelmRelease(RELEASE, CHART, repository, spec.mayastor().chartVersion(), NAMESPACE);
    }

    /**
     * The first chart whose core agent refuses non-persistent pool disks. The check (PR 962 of
     * openebs/mayastor-control-plane) was written in April 2025, after 2.8.0 was released (OpenEBS 4.2.0,
     * openebs/openebs PR 3866, 2025-02-14) and is absent from the control plane at v2.7.1; which later release
     * first shipped it could not be pinned, so every version after 2.8.0 is treated as checking.
     */
    static final ChartVersion LAST_WITHOUT_DEVLINK_CHECK = ChartVersion.parse("2.8.0");
    /**
     * The first chart known to offer {@code agents.core.allowNonPersistentDevlink} (openebs/mayastor-extensions
     * PR 726, merged 2025-08-13, {@code chart/values.schema.json}). 2.11.0 (June 2026) certainly has it; whether
     * 2.9.x/2.10.x patch releases do could not be verified. The chart's schema does not forbid unknown keys, so
     * setting it on an older chart is harmless, but may not help.
     */
    static final ChartVersion FIRST_WITH_DEVLINK_VALUE = ChartVersion.parse("2.11.0");
    /** Where MicroK8s's kubelet lives (mayastor-docs platform-support/microk8s-installation.md). */
    static final String MICROK8S_KUBELET_DIR = "/var/snap/microk8s/common/var/lib/kubelet";

    /** The values without knowing the pools' disks: for showing the plan. */
    static Map<String, Object> values(ClusterSpec spec) {
        return values(spec, Map.of());
    }

    /**
     * The chart's values for these pools ({@code node -> disk}): {@code agents.core.allowNonPersistentDevlink} is
     * set only when a disk the user named is a bare device such as {@code /dev/nvme1n1} and the chart's core
     * agent would refuse it; {@code csi.node.kubeletDir} only on MicroK8s.
     */
    static Map<String, Object> values(ClusterSpec spec, Map<String, String> poolDisks) {
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
        if (!bareDisks(spec, poolDisks).isEmpty()) {
            values.put("agents", Map.of("core", Map.of("allowNonPersistentDevlink", true)));
        }
        if ("microk8s".equals(spec.kubernetes())) {
            // MicroK8s runs its kubelet from the snap; the CSI node plugin registers under the chart's
            // csi.node.kubeletDir (default /var/lib/kubelet, chart/templates/mayastor/csi/csi-node-daemonset.yaml),
            // where MicroK8s's kubelet never looks, so no volume would ever attach
            values.put("csi", Map.of("node", Map.of("kubeletDir", MICROK8S_KUBELET_DIR)));
        }
        return values;
    }

    /** The pools whose disk the chart's core agent would refuse as not a persistent link. */
    static Map<String, String> bareDisks(ClusterSpec spec, Map<String, String> poolDisks) {
        if (!checksDevlinks(spec.mayastor().chartVersion())) {
            return Map.of();
        }
        Map<String, String> bare = new java.util.TreeMap<>();
        poolDisks.forEach((node, disk) -> {
            if (!DevicePath.isPersistentLink(disk)) {
                bare.put(node, disk);
            }
        });
        return bare;
    }

    /** Whether this chart's core agent refuses non-persistent pool disks (strict: see the constant). */
    static boolean checksDevlinks(String chartVersion) {
        return ChartVersion.parse(chartVersion).isAfter(LAST_WITHOUT_DEVLINK_CHECK);
    }

    /**
     * What the log should say about the devlink value, empty when nothing is set: which disks made it necessary
     * and, for charts not known to have the value, that the pools may still be refused.
     */
    static java.util.Optional<String> devlinkNote(ClusterSpec spec, Map<String, String> poolDisks) {
        Map<String, String> bare = bareDisks(spec, poolDisks);
        if (bare.isEmpty()) {
            return java.util.Optional.empty();
        }
        String version = spec.mayastor().chartVersion();
        return java.util.Optional.of("setting agents.core.allowNonPersistentDevlink=true: the pool disk(s) " + bare
                + " are named as bare devices, which Mayastor's core agent (chart " + version + ") refuses unless "
                + "allowed; device names such as /dev/nvme1n1 can change between boots, a /dev/disk/by-id/ link "
                + "cannot"
                + (ChartVersion.parse(version).isAtLeast(FIRST_WITH_DEVLINK_VALUE) ? ""
                : ". Chart " + version + " may predate this value (it is certain from " + FIRST_WITH_DEVLINK_VALUE
                + "): if a pool stays Creating with InvalidDevlink, name a /dev/disk/by-id/ link instead"));
    }

    static boolean before(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        int maj = Integer.parseInt(parts[0]);
        int min = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return maj < major || (maj == major && min < minor);
    }
}
