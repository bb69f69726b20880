package dev.mayabench.stage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One machine of a benchmark environment as the later stages need it: how to reach it over SSH and what it
 * is for. The provision stage writes the node list into {@code state.json}; a user who skips provisioning hands
 * in an {@code inventory.ini} that is read into the same shape.
 *
 * <pre>{@code
 * ClusterNode storage = new ClusterNode("storage-1", Set.of(NodeRole.STORAGE), "10.0.1.11",
 *         Optional.empty(), 22, "ubuntu", Optional.of("/dev/nvme1n1"));
 * storage.has(NodeRole.STORAGE);   // true
 * }</pre>
 *
 * @param name           the node's name in inventories and Kubernetes (unique in the cluster)
 * @param roles          what the node is for; never empty
 * @param privateAddress the address the nodes use among themselves (and the bastion uses to reach this one)
 * @param publicAddress  the address the executor can reach directly, if any
 * @param sshPort        the SSH port on both addresses
 * @param sshUser        the login user (the playbooks become root with sudo)
 * @param nvmeDevice     the device that becomes this node's Mayastor pool, for storage nodes
 */
@API(status = API.Status.INTERNAL)
public record ClusterNode(String name, Set<NodeRole> roles, String privateAddress, Optional<String> publicAddress,
                          int sshPort, String sshUser, Optional<String> nvmeDevice) {

    public ClusterNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(privateAddress, "privateAddress");
        Objects.requireNonNull(sshUser, "sshUser");
        publicAddress = publicAddress == null ? Optional.empty() : publicAddress;
        nvmeDevice = nvmeDevice == null ? Optional.empty() : nvmeDevice;
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("node " + name + " has no role; give it at least one of "
                    + NodeRole.ids());
        }
        if (sshPort < 1 || sshPort > 65_535) {
            throw new IllegalArgumentException("node " + name + " has SSH port " + sshPort
                    + "; a port is between 1 and 65535");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** The address the executor connects to: the public one when the node has it, else the private one. */
    public String reachableAddress() {
        return publicAddress.orElse(privateAddress);
    }
}
