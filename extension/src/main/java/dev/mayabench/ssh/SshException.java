package dev.mayabench.ssh;

import org.apiguardian.api.API;

/**
 * A machine of the cluster cannot be reached over SSH, or the tunnel to it broke and could not be rebuilt. The
 * message names the machine, the address and port tried, and what to check.
 *
 * <pre>{@code
 * try (SshTunnel tunnel = SshTunnel.open(bastion, access, log)) {
 *     tunnel.connect(node).close();
 * } catch (SshException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class SshException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }
}
