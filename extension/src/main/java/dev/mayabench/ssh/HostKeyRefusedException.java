package dev.mayabench.ssh;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A machine offered a host key that the workspace's {@code known_hosts} does not pin for it: either a different
 * key (the machine was replaced, or someone is in the middle) or none is pinned at all. mayabench never trusts a
 * key on first use, so the connection is refused and the message names the host and both fingerprints.
 *
 * <pre>{@code
 * try (SshTunnel tunnel = SshTunnel.open(bastion, access, log)) {
 *     ...
 * } catch (HostKeyRefusedException e) {
 *     System.err.println(e.host() + " offered " + e.offered());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class HostKeyRefusedException extends SshException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final String offered;
    private final List<String> expected;

    public HostKeyRefusedException(String host, String offered, List<String> expected, String knownHosts) {
        super(expected.isEmpty()
                ? "refused the SSH host key of " + host + ": it offered " + offered + ", and " + knownHosts
                        + " pins no key for it. mayabench does not trust a host key on first use; add the "
                        + "machine's key to " + knownHosts + " (check it on the machine's console with "
                        + "'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')"
                : "refused the SSH host key of " + host + ": expected " + String.join(" or ", expected)
                        + " (pinned in " + knownHosts + ") but it offered " + offered + ". The machine was "
                        + "replaced or the connection is intercepted; if the machine was rebuilt on purpose, "
                        + "provision again so its new key is pinned", null);
        this.host = host;
        this.offered = offered;
        this.expected = List.copyOf(expected);
    }

    /** The host as {@code known_hosts} names it: {@code 10.0.0.5}, or {@code [10.0.0.5]:2222}. */
    public String host() {
        return host;
    }

    /** The fingerprint of the key the machine offered. */
    public String offered() {
        return offered;
    }

    /** The fingerprints pinned for the host; empty when none is. */
    public List<String> expected() {
        return expected;
    }
}
