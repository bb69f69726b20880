package dev.mayabench.stage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a machine of a benchmark environment is for. A node may have several roles (a small cluster runs the
 * fio pods on its storage nodes). The ids are what {@code state.json} and inventories use.
 *
 * <pre>{@code
 * NodeRole.of("storage");   // Optional[STORAGE]
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public enum NodeRole {
    /** Reachable from the executor; the other nodes are reached through it (SSH jump host, API forward). */
    BASTION("bastion"),
    /** Kubernetes control plane (and etcd). */
    MASTER("master"),
    /** Runs the fio pods: Mayastor's clients. */
    WORKER("worker"),
    /** Has a local NVMe device that becomes a Mayastor pool. */
    STORAGE("storage");

    private final String id;

    NodeRole(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<NodeRole> of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(wanted)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(NodeRole::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
