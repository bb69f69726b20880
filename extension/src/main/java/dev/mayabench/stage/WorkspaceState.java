package dev.mayabench.stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The contents of {@code state.json}: which cluster this is and every resource created for it, in creation
 * order, so teardown (also from another JVM, by {@code mayabench down}) can remove them in reverse.
 *
 * <pre>{@code
 * WorkspaceState s = WorkspaceState.fresh("demo", "local", "3f2a9c1e");
 * s = s.withResource(new CreatedResource("directory", "/tmp/fio", "fio data files"));
 * }</pre>
 *
 * @param cluster   cluster name
 * @param provider  provider that created it
 * @param identity  hash of the settings that define the cluster (see ClusterSpec#identity)
 * @param createdAt when it was first created
 * @param resources what was created, oldest first
 * @param nodes     the machines of the cluster, once provisioned (or read from the user's inventory)
 * @param attributes what a provider needs to find its resources again from another JVM (region, run id, ...);
 *                  never secrets
 */
@API(status = API.Status.INTERNAL)
public record WorkspaceState(String cluster, String provider, String identity, Instant createdAt,
                             List<CreatedResource> resources, List<ClusterNode> nodes,
                             Map<String, String> attributes) {

    public WorkspaceState {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(createdAt, "createdAt");
        resources = resources == null ? List.of() : List.copyOf(resources);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public static WorkspaceState fresh(String cluster, String provider, String identity) {
        return new WorkspaceState(cluster, provider, identity, Instant.now(), List.of(), List.of(), Map.of());
    }

    public WorkspaceState withResource(CreatedResource resource) {
        List<CreatedResource> more = new ArrayList<>(resources);
        more.add(resource);
        return new WorkspaceState(cluster, provider, identity, createdAt, more, nodes, attributes);
    }

    public WorkspaceState withoutResource(CreatedResource resource) {
        List<CreatedResource> fewer = new ArrayList<>(resources);
        fewer.remove(resource);
        return new WorkspaceState(cluster, provider, identity, createdAt, fewer, nodes, attributes);
    }

    public WorkspaceState withNodes(List<ClusterNode> newNodes) {
        return new WorkspaceState(cluster, provider, identity, createdAt, resources, newNodes, attributes);
    }

    /** With one more attribute (replacing an earlier value of the same key). */
    public WorkspaceState withAttribute(String key, String value) {
        Map<String, String> more = new TreeMap<>(attributes);
        more.put(key, value);
        return new WorkspaceState(cluster, provider, identity, createdAt, resources, nodes, more);
    }

    /** The nodes that have the role, in node-list order. */
    public List<ClusterNode> nodes(NodeRole role) {
        return nodes.stream().filter(n -> n.has(role)).toList();
    }

    /**
     * One thing a stage created and teardown must remove.
     *
     * @param kind   what it is ("directory", "vpc", "instance", ...)
     * @param id     how to find it again (a path, a cloud id)
     * @param detail what it is for, for humans
     */
    public record CreatedResource(String kind, String id, String detail) {

        public CreatedResource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
            detail = detail == null ? "" : detail;
        }

        @Override
        public String toString() {
            return kind + " " + id + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }
}
