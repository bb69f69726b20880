package dev.mayabench.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How mayabench installs Mayastor and shapes its pools and volumes ({@code mayastor.*} settings). Read only when
 * mayabench deploys Mayastor itself, i.e. when no {@code storageClass} is given.
 *
 * <pre>{@code
 * // mayabench.yaml:  mayastor: {chartVersion: 2.9.1, poolDisk: "storage-1=/dev/nvme1n1,storage-2=/dev/sdb"}
 * spec.mayastor().poolDisk("storage-2");   // Optional[/dev/sdb]
 * }</pre>
 *
 * @param chartVersion the version of Mayastor's Helm chart to install when the cluster has no Mayastor
 * @param ioEngineCpus CPU cores each io-engine polls with (chart value {@code io_engine.cpuCount})
 * @param ioEngineCores the very cores it polls with ({@code io_engine.coreList}); empty lets it choose
 *                     {@code ioEngineCpus} of them
 * @param etcdReplicas replicas of Mayastor's etcd; 0 means one per storage node, at most 3
 * @param poolDisk     the disk of every storage node's pool, unless {@code poolDisks} names one for the node
 * @param poolDisks    per-node disks, {@code node -> disk}
 * @param fsType       the filesystem Mayastor makes on filesystem volumes: ext4, xfs or btrfs
 * @param thin         thin-provisioned volumes
 */
@API(status = API.Status.INTERNAL)
public record MayastorOptions(String chartVersion, int ioEngineCpus, List<Integer> ioEngineCores, int etcdReplicas,
                              Optional<String> poolDisk,
                              Map<String, String> poolDisks, String fsType, boolean thin) {

    /**
     * A chart version known to be published: openebs/openebs PR 4221 (2026-06-05, release/4.5) points the OpenEBS
     * umbrella chart at "the 2.11.0 chart" of https://openebs.github.io/mayastor-extensions/. 2.11.1 is named in
     * OpenEBS 4.5.1's release notes as a Mayastor release, but its chart could not be found in any index seen, so
     * it is not the default; the deploy stage reads the repository's index.yaml before installing in any case.
     */
    public static final String DEFAULT_CHART_VERSION = "2.11.0";
    public static final int DEFAULT_IO_ENGINE_CPUS = 2;
    public static final String DEFAULT_FS_TYPE = "ext4";

    public MayastorOptions {
        Objects.requireNonNull(chartVersion, "chartVersion");
        ioEngineCores = List.copyOf(ioEngineCores);
        Objects.requireNonNull(poolDisk, "poolDisk");
        poolDisks = Map.copyOf(poolDisks);
        Objects.requireNonNull(fsType, "fsType");
    }

    public static MayastorOptions defaults() {
        return new MayastorOptions(DEFAULT_CHART_VERSION, DEFAULT_IO_ENGINE_CPUS, List.of(), 0, Optional.empty(), Map.of(),
                DEFAULT_FS_TYPE, false);
    }

    /** The disk named for this node, by node or for all nodes. */
    public Optional<String> poolDisk(String node) {
        return Optional.ofNullable(poolDisks.get(node)).or(() -> poolDisk);
    }

    /** Etcd replicas for this many storage nodes: the setting, or one per node up to 3. */
    public int etcdReplicasFor(int storageNodes) {
        return etcdReplicas > 0 ? etcdReplicas : Math.min(3, Math.max(1, storageNodes));
    }

    /** The setting's text form, as the user writes it. */
    String poolDiskText() {
        StringBuilder text = new StringBuilder(poolDisk.orElse(""));
        poolDisks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(e.getKey()).append('=').append(e.getValue());
        });
        return text.toString();
    }
}
