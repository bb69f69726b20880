package dev.mayabench.kube;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which Kubernetes nodes hold Mayastor pools (and on which disk) and which run the fio pods. Taken from the
 * machines mayabench made (or the user's inventory), which name their NVMe device; else from
 * {@code mayastor.poolDisk}'s node names; else from nodes already labelled {@code openebs.io/engine=mayastor}.
 * Every storage node must exist in the cluster and have a disk, or the deploy stage stops naming the fix.
 *
 * <pre>{@code
 * ClusterTopology t = ClusterTopology.of(spec, state, client.nodes().list().getItems());
 * t.poolDisks();     // {storage-1=/dev/nvme1n1, storage-2=/dev/nvme1n1}
 * t.clientNodes();   // [worker-1]
 * }</pre>
 */
record ClusterTopology(Map<String, String> poolDisks, List<String> clientNodes) {

    static final String MAYASTOR_LABEL = "openebs.io/engine";
    static final String MAYASTOR_VALUE = "mayastor";

    static ClusterTopology of(ClusterSpec spec, Optional<WorkspaceState> state, List<Node> nodes) {
        Set<String> inCluster = nodes.stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, Optional<String>> storage = new LinkedHashMap<>();
        List<ClusterNode> made = state.map(s -> s.nodes(NodeRole.STORAGE)).orElse(List.of());
        String from;
        if (!made.isEmpty()) {
            // a disk named for the node wins over its recorded NVMe device, which wins over the one for all nodes
            made.forEach(n -> storage.put(n.name(), Optional.ofNullable(spec.mayastor().poolDisks().get(n.name()))
                    .or(n::nvmeDevice).or(() -> spec.mayastor().poolDisk())));
            from = "the cluster's machines";
        } else if (!spec.mayastor().poolDisks().isEmpty()) {
            spec.mayastor().poolDisks().keySet().stream().sorted()
                    .forEach(n -> storage.put(n, spec.mayastor().poolDisk(n)));
            from = "mayastor.poolDisk";
        } else {
            nodes.stream().filter(n -> n.getMetadata().getLabels() != null
                            && MAYASTOR_VALUE.equals(n.getMetadata().getLabels().get(MAYASTOR_LABEL)))
                    .forEach(n -> storage.put(n.getMetadata().getName(),
                            spec.mayastor().poolDisk(n.getMetadata().getName())));
            from = "nodes labelled " + MAYASTOR_LABEL + "=" + MAYASTOR_VALUE;
        }
        if (storage.isEmpty()) {
            throw new ConfigurationException(new Problem("mayastor.poolDisk", "",
                    "the storage nodes and their disks",
                    "mayabench does not know which nodes of this cluster hold Mayastor pools: name them with their "
                            + "disks (mayastor.poolDisk=node-a=/dev/nvme1n1,node-b=/dev/nvme1n1), or label them "
                            + "'kubectl label node NAME " + MAYASTOR_LABEL + "=" + MAYASTOR_VALUE + "' and give "
                            + "mayastor.poolDisk=/dev/DISK; nodes in the cluster: " + inCluster));
        }
        List<String> missing = storage.keySet().stream().filter(n -> !inCluster.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new KubeException("storage node(s) " + missing + " (from " + from + ") are not nodes of the "
                    + "cluster, whose nodes are " + inCluster + "; their Kubernetes names must match the inventory's "
                    + "names, or name the nodes in mayastor.poolDisk");
        }
        List<String> withoutDisk = storage.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (!withoutDisk.isEmpty()) {
            throw new ConfigurationException(new Problem("mayastor.poolDisk", "",
                    "a disk for every storage node's pool", "storage node(s) " + withoutDisk + " (from " + from
                    + ") have no disk for their pool; name it: mayastor.poolDisk=/dev/nvme1n1 for all, or "
                    + withoutDisk.get(0) + "=/dev/... per node. The disk is overwritten"));
        }
        Map<String, String> disks = new LinkedHashMap<>();
        storage.forEach((node, disk) -> disks.put(node, disk.orElseThrow()));
        List<String> clients = state.map(s -> s.nodes(NodeRole.WORKER)).orElse(List.of()).stream()
                .map(ClusterNode::name).filter(inCluster::contains).toList();
        return new ClusterTopology(disks, clients);
    }
}
