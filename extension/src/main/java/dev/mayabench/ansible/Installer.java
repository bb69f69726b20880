package dev.mayabench.ansible;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The Kubernetes installers mayabench drives, each with the inventory groups it documents. The group names are
 * the installers' own, so a user who knows k3s-ansible or kubespray finds what they expect:
 * <ul>
 *   <li>k3s (k3s-io/k3s-ansible): {@code k3s_cluster} with children {@code server} and {@code agent};</li>
 *   <li>kubespray ({@code inventory/sample/inventory.ini}): {@code kube_control_plane}, {@code etcd} (an odd
 *       number of members), {@code kube_node}, {@code calico_rr} (empty) and {@code k8s_cluster} with children
 *       {@code kube_control_plane}, {@code kube_node} and {@code calico_rr};</li>
 *   <li>kubeadm (mayabench's own {@code kubeadm.yml}): kubespray's names, {@code kube_control_plane},
 *       {@code kube_node} and {@code k8s_cluster}, since kubespray is kubeadm underneath;</li>
 *   <li>microk8s (the istvano.microk8s role): {@code microk8s_HA} (the first host is the designated master)
 *       and {@code microk8s_WORKERS}.</li>
 * </ul>
 *
 * <pre>{@code
 * Installer.of("k3s").orElseThrow().groups(nodes);   // {server=[master-1], agent=[storage-1, ...]}
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public enum Installer {
    K3S("k3s", "k3s.yml", List.of("server", "agent"), "k3s_cluster", List.of("server", "agent")),
    KUBESPRAY("kubespray", "kubespray.yml", List.of("kube_control_plane", "etcd", "kube_node", "calico_rr"),
            "k8s_cluster", List.of("kube_control_plane", "kube_node", "calico_rr")),
    KUBEADM("kubeadm", "kubeadm.yml", List.of("kube_control_plane", "kube_node"), "k8s_cluster",
            List.of("kube_control_plane", "kube_node")),
    MICROK8S("microk8s", "microk8s.yml", List.of("microk8s_HA", "microk8s_WORKERS"), "", List.of());

    private final String id;
    private final String playbook;
    private final List<String> groups;
    private final String parentGroup;
    private final List<String> children;

    Installer(String id, String playbook, List<String> groups, String parentGroup, List<String> children) {
        this.id = id;
        this.playbook = playbook;
        this.groups = groups;
        this.parentGroup = parentGroup;
        this.children = children;
    }

    public String id() {
        return id;
    }

    /** The port the Kubernetes API listens on: MicroK8s serves it on 16443, the others on 6443. */
    public int apiPort() {
        return this == MICROK8S ? 16_443 : 6_443;
    }

    /** The playbook in {@code ansible/} that installs this Kubernetes. */
    public String playbook() {
        return playbook;
    }

    /** The groups that hold hosts, in the order the installer documents them. */
    public List<String> groups() {
        return groups;
    }

    /** The group of all Kubernetes nodes ({@code k3s_cluster}, {@code k8s_cluster}), if the installer has one. */
    public Optional<String> parentGroup() {
        return parentGroup.isEmpty() ? Optional.empty() : Optional.of(parentGroup);
    }

    /** The children of {@link #parentGroup()}, as the installer documents them (kubespray leaves etcd out). */
    public List<String> parentChildren() {
        return children;
    }

    /**
     * The installer's groups filled from a node list: control-plane groups take the masters, node groups the
     * other Kubernetes nodes (workers and storage nodes; a bastion that is nothing else stays out). When every
     * node is a master, the masters are also the nodes, as in a one-machine cluster.
     */
    public Map<String, List<String>> groups(List<ClusterNode> nodes) {
        List<String> masters = names(nodes.stream().filter(n -> n.has(NodeRole.MASTER)).toList());
        List<String> others = names(nodes.stream().filter(n -> !n.has(NodeRole.MASTER))
                .filter(n -> n.has(NodeRole.WORKER) || n.has(NodeRole.STORAGE)).toList());
        List<String> kubeNodes = others.isEmpty() ? masters : others;
        Map<String, List<String>> filled = new LinkedHashMap<>();
        switch (this) {
            case K3S -> {
                filled.put("server", masters);
                filled.put("agent", others);
            }
            case KUBESPRAY -> {
                filled.put("kube_control_plane", masters);
                // etcd needs a majority to stay up, so kubespray refuses an even member count
                filled.put("etcd", masters.subList(0, masters.size() % 2 == 1 ? masters.size()
                        : Math.max(0, masters.size() - 1)));
                filled.put("kube_node", kubeNodes);
                filled.put("calico_rr", List.of());
            }
            case KUBEADM -> {
                filled.put("kube_control_plane", masters);
                filled.put("kube_node", kubeNodes);
            }
            case MICROK8S -> {
                filled.put("microk8s_HA", masters);
                filled.put("microk8s_WORKERS", others);
            }
        }
        return filled;
    }

    private static List<String> names(List<ClusterNode> nodes) {
        return nodes.stream().map(ClusterNode::name).toList();
    }

    /** The installer of a {@code kubernetes} setting's value ({@code k3s}, {@code kubespray}, ...). */
    public static Optional<Installer> of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(i -> i.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
