package dev.mayabench.provision.aws;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.NodeRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The machines one {@link ClusterSpec} asks for, named and with their roles: masters first (the first one is
 * also the bastion the executor reaches), then workers for the fio pods, then storage nodes (which also run
 * the fio pods when there are no workers).
 *
 * <pre>{@code
 * ClusterPlan plan = ClusterPlan.of(spec);   // storageNodes = 3, workerNodes = 1, masterNodes = 1
 * plan.nodes();   // master-1 (master, bastion), worker-1, storage-1..3
 * }</pre>
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public record ClusterPlan(List<PlannedNode> nodes) {

    public ClusterPlan {
        nodes = List.copyOf(nodes);
    }

    public static ClusterPlan of(ClusterSpec spec) {
        List<PlannedNode> nodes = new ArrayList<>();
        for (int i = 1; i <= spec.masterNodes(); i++) {
            Set<NodeRole> roles = i == 1 ? EnumSet.of(NodeRole.MASTER, NodeRole.BASTION) : EnumSet.of(NodeRole.MASTER);
            nodes.add(new PlannedNode("master-" + i, roles, spec.workerInstance()));
        }
        for (int i = 1; i <= spec.workerNodes(); i++) {
            nodes.add(new PlannedNode("worker-" + i, EnumSet.of(NodeRole.WORKER), spec.workerInstance()));
        }
        for (int i = 1; i <= spec.storageNodes(); i++) {
            Set<NodeRole> roles = spec.workerNodes() == 0
                    ? EnumSet.of(NodeRole.STORAGE, NodeRole.WORKER) : EnumSet.of(NodeRole.STORAGE);
            nodes.add(new PlannedNode("storage-" + i, roles, spec.instance()));
        }
        return new ClusterPlan(nodes);
    }

    /** Every instance type the plan uses, in plan order, each once. */
    public List<String> instanceTypes() {
        return List.copyOf(new LinkedHashSet<>(nodes.stream().map(PlannedNode::instanceType).toList()));
    }

    /** The instance types of the storage nodes, which need instance-store NVMe for the pools. */
    public Set<String> storageTypes() {
        Set<String> types = new LinkedHashSet<>();
        nodes.stream().filter(n -> n.roles().contains(NodeRole.STORAGE)).forEach(n -> types.add(n.instanceType()));
        return types;
    }

    /** One machine to create. */
    public record PlannedNode(String name, Set<NodeRole> roles, String instanceType) {

        public PlannedNode {
            roles = Set.copyOf(roles);
        }
    }
}
