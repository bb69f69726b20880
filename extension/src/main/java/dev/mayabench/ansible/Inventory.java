package dev.mayabench.ansible;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The Ansible inventory of one cluster, rendered as {@code inventory.ini} from its node list. It has the
 * installer's own groups (see {@link Installer}) and always:
 * <ul>
 *   <li>{@code mayastor_storage}: the storage nodes, each with host variable {@code nvme_device} (the device
 *       that becomes its pool);</li>
 *   <li>{@code mayastor_clients}: the nodes the fio pods run on (the workers, or the storage nodes when the
 *       cluster has no separate workers);</li>
 *   <li>{@code mayabench_bastion}: the jump host, when the cluster has one (not {@code bastion}, which
 *       kubespray reserves for its own jump-host setup that would replace the pinned one).</li>
 * </ul>
 * Every host has {@code ansible_host}, {@code ansible_port}, {@code ansible_user} and {@code node_ip} (its
 * private address). SSH goes through the workspace's {@link SshClientConfig} (the cluster's key, its pinned
 * {@code known_hosts}, {@code StrictHostKeyChecking yes}); a node without a public address is reached through
 * the bastion with {@code ProxyJump}.
 *
 * <pre>{@code
 * Path ini = Inventory.of(nodes, Installer.K3S).write(workspace);   // inventory.ini and ssh_config
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Inventory {

    /** The file's name in the workspace. */
    public static final String FILE = "inventory.ini";
    /** The storage nodes, with host variable {@code nvme_device}. */
    public static final String STORAGE_GROUP = "mayastor_storage";
    /** The nodes the fio pods run on. */
    public static final String CLIENT_GROUP = "mayastor_clients";
    /** The jump host. */
    public static final String BASTION_GROUP = "mayabench_bastion";

    private final List<ClusterNode> nodes;
    private final Installer installer;
    private final Optional<ClusterNode> bastion;

    private Inventory(List<ClusterNode> nodes, Installer installer) {
        this.nodes = List.copyOf(nodes);
        this.installer = Objects.requireNonNull(installer, "installer");
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("an inventory needs at least one node");
        }
        this.bastion = this.nodes.stream().filter(n -> n.has(NodeRole.BASTION)).findFirst();
    }

    public static Inventory of(List<ClusterNode> nodes, Installer installer) {
        return new Inventory(nodes, installer);
    }

    public Installer installer() {
        return installer;
    }

    /**
     * Every group with its hosts, in the file's order: the bastion, the installer's groups, then
     * {@code mayastor_storage} and {@code mayastor_clients}. Parent groups ({@code k3s_cluster}) are not listed
     * here; they have children, not hosts.
     */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        bastion.ifPresent(b -> groups.put(BASTION_GROUP, List.of(b.name())));
        groups.putAll(installer.groups(nodes));
        groups.put(STORAGE_GROUP, names(NodeRole.STORAGE));
        List<String> workers = names(NodeRole.WORKER);
        groups.put(CLIENT_GROUP, workers.isEmpty() ? names(NodeRole.STORAGE) : workers);
        return Collections.unmodifiableMap(groups);
    }

    private List<String> names(NodeRole role) {
        return nodes.stream().filter(n -> n.has(role)).map(ClusterNode::name).toList();
    }

    /** Whether Ansible reaches this node through the bastion (it has no address the executor can reach). */
    boolean jumps(ClusterNode node) {
        return bastion.isPresent() && !node.equals(bastion.get()) && node.publicAddress().isEmpty();
    }

    /** The inventory's text, with SSH going through the {@code ssh_config} at the given path. */
    public String render(Path sshConfig) {
        String common = "-F " + shellQuoted(sshConfig.toAbsolutePath().toString());
        StringBuilder ini = new StringBuilder();
        ini.append("# Written by mayabench for the ").append(installer).append(" installer from the cluster's node ")
                .append("list; it is rewritten on every run, so edit the cluster's settings, not this file.\n");
        ini.append("[all]\n");
        for (ClusterNode node : nodes) {
            List<String> vars = new ArrayList<>();
            vars.add("ansible_host=" + (jumps(node) ? node.privateAddress() : node.reachableAddress()));
            vars.add("ansible_port=" + node.sshPort());
            vars.add("ansible_user=" + node.sshUser());
            vars.add("node_ip=" + node.privateAddress());
            if (node.sshUser().equals("root")) {
                // already root: the plays' become would need a sudo that minimal images lack
                vars.add("ansible_become=false");
            }
            node.nvmeDevice().filter(d -> node.has(NodeRole.STORAGE)).ifPresent(d -> vars.add("nvme_device=" + d));
            if (jumps(node)) {
                vars.add("ansible_ssh_common_args='" + common + " -o ProxyJump=" + jumpSpec(bastion.get()) + "'");
            }
            ini.append(node.name()).append(' ').append(String.join(" ", vars)).append('\n');
        }
        groups().forEach((group, hosts) -> {
            ini.append('\n').append('[').append(group).append("]\n");
            hosts.forEach(host -> ini.append(host).append('\n'));
        });
        installer.parentGroup().ifPresent(parent -> {
            ini.append('\n').append('[').append(parent).append(":children]\n");
            installer.parentChildren().forEach(child -> ini.append(child).append('\n'));
        });
        ini.append("\n[all:vars]\n");
        ini.append("ansible_python_interpreter=auto_silent\n");
        ini.append("ansible_ssh_common_args='").append(common).append("'\n");
        return ini.toString();
    }

    /** Writes {@code ssh_config} and {@code inventory.ini} into the workspace and returns the inventory's path. */
    public Path write(Workspace workspace) {
        Path sshConfig = SshClientConfig.write(workspace);
        Path target = workspace.file(FILE);
        try {
            Files.writeString(target, render(sshConfig));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String jumpSpec(ClusterNode bastion) {
        String address = bastion.reachableAddress();
        String host = address.contains(":") ? "[" + address + "]" : address;
        return bastion.sshUser() + "@" + host + ":" + bastion.sshPort();
    }

    /** Quotes for the shell-like splitting Ansible applies to {@code ansible_ssh_common_args}. */
    private static String shellQuoted(String text) {
        if (text.contains("'") || text.contains("\"")) {
            throw new IllegalArgumentException("the workspace path " + text + " contains a quote, which the "
                    + "inventory's SSH arguments cannot carry; move the build to a directory without quotes");
        }
        return "\"" + text + "\"";
    }
}
