package dev.mayabench.kube;

import dev.mayabench.ansible.NodeFacts;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the preflight may know of a node beyond what the API server reports: its loaded kernel modules and its
 * disks, as {@code node-facts.yml} recorded them in the workspace ({@code facts/<node>.json}). Every part is
 * optional, because the facts come from a playbook that may not have run (a cluster given only by its
 * kubeconfig) or an older one that did not record that part; a check whose part is absent says "not checked"
 * rather than guess.
 *
 * <pre>{@code
 * HostFacts facts = HostFacts.fromWorkspace(workspace.file("facts"));
 * facts.node("storage-1").flatMap(HostFacts.Node::modules);   // Optional[[nvme_tcp, nvme_fabrics]]
 * }</pre>
 */
@FunctionalInterface
interface HostFacts {

    /** The facts of one node, empty when none were recorded for it. */
    Optional<Node> node(String name);

    /**
     * @param modules  kernel modules loaded (names as {@code /proc/modules} spells them: {@code nvme_tcp})
     * @param disks    the block devices the node has
     * @param rootDisk the device the root filesystem is on ({@code /dev/nvme0n1})
     */
    record Node(String name, Optional<Set<String>> modules, Optional<List<Disk>> disks, Optional<String> rootDisk) {
    }

    /**
     * @param device  the kernel's name, as a path: {@code /dev/nvme1n1}
     * @param links   its persistent links ({@code /dev/disk/by-id/...}), when the facts record them
     * @param mounted whether it or one of its partitions is mounted, when the facts record it
     * @param model   the model the disk reports ({@code Amazon EC2 NVMe Instance Storage})
     */
    record Disk(String device, Optional<Set<String>> links, Optional<Boolean> mounted, Optional<String> model) {

        /** Whether a pool disk as the user names it is this disk: its device or one of its known links. */
        boolean isNamed(String path) {
            return device.equals(path) || links.map(l -> l.contains(path)).orElse(false);
        }

        String describe() {
            return device + model.map(m -> " (" + m + ")").orElse("");
        }
    }

    /** No facts at all: a cluster known only by its kubeconfig. */
    static HostFacts none() {
        return name -> Optional.empty();
    }

    /**
     * The facts {@code node-facts.yml} wrote into the directory. Today's facts record the modules and the NVMe
     * devices (name, size, model); they do not record links, mounts or the root device, so those stay empty.
     */
    static HostFacts fromWorkspace(Path directory) {
        Map<String, NodeFacts> byHost = NodeFacts.readAll(directory).stream()
                .collect(Collectors.toMap(NodeFacts::host, Function.identity(), (a, b) -> a));
        return name -> Optional.ofNullable(byHost.get(name)).map(HostFacts::of);
    }

    private static Node of(NodeFacts facts) {
        List<Disk> disks = facts.nvmeDevices().stream()
                .map(d -> new Disk("/dev/" + d.name(), Optional.empty(), Optional.empty(),
                        Optional.ofNullable(d.model()).map(String::strip).filter(m -> !m.isEmpty())))
                .toList();
        return new Node(facts.host(), Optional.of(new LinkedHashSet<>(facts.modules())), Optional.of(disks),
                Optional.empty());
    }
}
