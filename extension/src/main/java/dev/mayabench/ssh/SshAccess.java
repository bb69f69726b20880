package dev.mayabench.ssh;

import dev.mayabench.stage.Workspace;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What the JVM logs in to a cluster's machines with: the cluster's private key and the {@code known_hosts} that
 * pins every machine's host key. Both live in the workspace; the provision stage writes them, or the user does
 * when they bring their own machines.
 *
 * <pre>{@code
 * SshAccess access = SshAccess.of(workspace);   // id_ed25519 and known_hosts in the workspace
 * }</pre>
 *
 * @param privateKey the OpenSSH private key (unencrypted: the JVM cannot ask for a passphrase)
 * @param knownHosts the pinned host keys, in OpenSSH's {@code known_hosts} format
 */
@API(status = API.Status.INTERNAL)
public record SshAccess(Path privateKey, Path knownHosts) {

    public SshAccess {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
    }

    /** The workspace's {@code id_ed25519} and {@code known_hosts}. */
    public static SshAccess of(Workspace workspace) {
        return new SshAccess(workspace.file("id_ed25519"), workspace.file("known_hosts"));
    }
}
