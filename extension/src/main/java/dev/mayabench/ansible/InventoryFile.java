package dev.mayabench.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.config.Suggestions;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * An inventory as Ansible reads it (through {@code ansible-inventory --list}): its groups with their direct
 * hosts and children, and every host's variables with group variables applied. This is how a user who skips
 * the provision stage hands in their own machines: {@link #check(Installer)} says at once what the later
 * stages would miss, and {@link #nodes()} turns the hosts into the node list.
 *
 * <pre>{@code
 * InventoryFile inventory = InventoryFile.read(new Ansible(), Path.of("inventory.ini"));
 * inventory.check(Installer.K3S);          // InventoryException listing every problem
 * List<ClusterNode> nodes = inventory.nodes();
 * }</pre>
 *
 * @param path     where the inventory is
 * @param hosts    each group's own hosts (not those of its children)
 * @param children each group's child groups
 * @param hostVars each host's variables
 */
@API(status = API.Status.INTERNAL)
public record InventoryFile(Path path, Map<String, List<String>> hosts, Map<String, List<String>> children,
                            Map<String, Map<String, String>> hostVars) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IMPLICIT_GROUPS = Set.of("all", "ungrouped", "_meta");

    public InventoryFile {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
        hostVars = Collections.unmodifiableMap(new LinkedHashMap<>(hostVars));
    }

    /** Reads an inventory with Ansible itself. */
    public static InventoryFile read(Ansible ansible, Path path) {
        return parse(path, ansible.listInventory(path));
    }

    /** Reads {@code ansible-inventory --list} output. */
    static InventoryFile parse(Path path, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new AnsibleException("ansible-inventory printed something other than JSON for " + path + ": "
                    + e.getMessage());
        }
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        Map<String, List<String>> children = new LinkedHashMap<>();
        root.fields().forEachRemaining(group -> {
            if (!group.getKey().equals("_meta")) {
                hosts.put(group.getKey(), texts(group.getValue().path("hosts")));
                children.put(group.getKey(), texts(group.getValue().path("children")));
            }
        });
        Map<String, Map<String, String>> vars = new LinkedHashMap<>();
        root.path("_meta").path("hostvars").fields().forEachRemaining(host -> {
            Map<String, String> own = new LinkedHashMap<>();
            host.getValue().fields().forEachRemaining(v -> own.put(v.getKey(),
                    v.getValue().isValueNode() ? v.getValue().asText() : v.getValue().toString()));
            vars.put(host.getKey(), own);
        });
        // a host without variables is listed under a group but not in hostvars
        hosts.values().forEach(list -> list.forEach(h -> vars.putIfAbsent(h, Map.of())));
        return new InventoryFile(path, hosts, children, vars);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The groups the file defines (not Ansible's implicit {@code all} and {@code ungrouped}). */
    public Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>(hosts.keySet());
        groups.addAll(children.keySet());
        children.values().forEach(groups::addAll);
        groups.removeAll(IMPLICIT_GROUPS);
        return groups;
    }

    /** A group's hosts, its children's included, in order, each once. */
    public List<String> members(String group) {
        Set<String> members = new LinkedHashSet<>(hosts.getOrDefault(group, List.of()));
        for (String child : children.getOrDefault(group, List.of())) {
            if (!child.equals(group)) {
                members.addAll(members(child));
            }
        }
        return List.copyOf(members);
    }

    /**
     * Checks that the inventory has what the stages after provisioning need with this installer, and reports
     * every problem at once: the installer's groups, {@code mayastor_storage} with {@code nvme_device} on each
     * host, {@code mayastor_clients}, and host addresses that resolve.
     *
     * @throws InventoryException naming each problem and its fix
     */
    public void check(Installer installer) {
        check(installer, InventoryFile::resolves);
    }

    void check(Installer installer, Predicate<String> resolves) {
        List<String> problems = new ArrayList<>();
        Set<String> defined = groups();
        List<String> required = new ArrayList<>(installer.groups());
        required.remove("calico_rr");
        required.add(Inventory.STORAGE_GROUP);
        required.add(Inventory.CLIENT_GROUP);
        for (String group : required) {
            if (!defined.contains(group)) {
                problems.add("no group '" + group + "' (" + purpose(group, installer) + ")"
                        + Suggestions.closest(group, defined).map(s -> "; is '" + s + "' meant to be it? Rename it to '"
                                + group + "'")
                        .orElse("; add [" + group + "] with its hosts"));
            }
        }
        String controlPlane = installer.groups().get(0);
        if (defined.contains(controlPlane) && members(controlPlane).isEmpty()) {
            problems.add("group '" + controlPlane + "' has no host; put the control-plane node(s) in it");
        }
        if (defined.contains(Inventory.STORAGE_GROUP)) {
            List<String> storage = members(Inventory.STORAGE_GROUP);
            if (storage.isEmpty()) {
                problems.add("group '" + Inventory.STORAGE_GROUP + "' has no host; Mayastor needs at least one "
                        + "storage node");
            }
            for (String host : storage) {
                if (!hostVars.getOrDefault(host, Map.of()).containsKey("nvme_device")) {
                    problems.add("storage host '" + host + "' has no nvme_device; add nvme_device=/dev/nvme1n1 "
                            + "(the device that becomes its pool; 'lsblk -d' on the host lists them)");
                }
            }
        }
        for (String host : hostVars.keySet()) {
            String address = address(host);
            if (!resolves.test(address)) {
                problems.add("host '" + host + "' has address '" + address + "', which does not resolve; set "
                        + "ansible_host to its IP address or a resolvable name");
            }
        }
        if (!problems.isEmpty()) {
            throw new InventoryException(path, installer, problems);
        }
    }

    private static String purpose(String group, Installer installer) {
        return switch (group) {
            case Inventory.STORAGE_GROUP -> "the storage nodes whose NVMe devices become Mayastor pools";
            case Inventory.CLIENT_GROUP -> "the nodes the fio pods run on";
            default -> "the " + installer + " installer needs it";
        };
    }

    private String address(String host) {
        return hostVars.getOrDefault(host, Map.of()).getOrDefault("ansible_host", host);
    }

    private static boolean resolves(String address) {
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The hosts as cluster nodes: roles from the groups ({@code bastion}, the installer's control-plane group,
     * {@code mayastor_clients} as workers, {@code mayastor_storage}), addresses and login from the usual
     * {@code ansible_*} variables. Call {@link #check(Installer)} first.
     */
    public List<ClusterNode> nodes(Installer installer) {
        return nodes(Set.copyOf(members(installer.groups().get(0))));
    }

    /**
     * The hosts of {@code mayastor_storage} (with their {@code nvme_device}) and {@code mayastor_clients}, whatever
     * installer made the cluster: what the deploy stage needs of a cluster mayabench did not make.
     */
    public List<ClusterNode> storageAndClientNodes() {
        return nodes(Set.of()).stream().filter(n -> n.has(NodeRole.STORAGE) || n.has(NodeRole.WORKER)).toList();
    }

    private List<ClusterNode> nodes(Set<String> masters) {
        Set<String> workers = Set.copyOf(members(Inventory.CLIENT_GROUP));
        Set<String> storage = Set.copyOf(members(Inventory.STORAGE_GROUP));
        Set<String> bastions = Set.copyOf(members(Inventory.BASTION_GROUP));
        List<ClusterNode> nodes = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> host : hostVars.entrySet()) {
            String name = host.getKey();
            Map<String, String> vars = host.getValue();
            EnumSet<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
            addIf(roles, NodeRole.BASTION, bastions::contains, name);
            addIf(roles, NodeRole.MASTER, masters::contains, name);
            addIf(roles, NodeRole.WORKER, workers::contains, name);
            addIf(roles, NodeRole.STORAGE, storage::contains, name);
            if (roles.isEmpty()) {
                continue;
            }
            String address = address(name);
            String privateAddress = vars.getOrDefault("node_ip", address);
            Optional<String> publicAddress = privateAddress.equals(address) ? Optional.empty()
                    : Optional.of(address);
            int port = Integer.parseInt(vars.getOrDefault("ansible_port", "22"));
            String user = vars.getOrDefault("ansible_user", System.getProperty("user.name"));
            nodes.add(new ClusterNode(name, roles, privateAddress, publicAddress, port, user,
                    Optional.ofNullable(vars.get("nvme_device"))));
        }
        return List.copyOf(nodes);
    }

    private static void addIf(Set<NodeRole> roles, NodeRole role, Predicate<String> member, String host) {
        if (member.test(host)) {
            roles.add(role);
        }
    }
}
