package dev.mayabench.ansible;

import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The OpenSSH client configuration ({@code ssh_config} in the workspace) that every {@code ssh} started for a
 * cluster uses: the workspace key only, the workspace's pinned {@code known_hosts} only, and
 * {@code StrictHostKeyChecking yes}, so an unknown or changed host key stops the connection instead of being
 * trusted. It is a file rather than {@code -o} options because OpenSSH hands {@code -F} on to the {@code ssh}
 * it starts for a {@code ProxyJump}, and {@code -o} options it does not: the hop through the bastion gets the
 * same pinning as the final connection.
 *
 * <pre>{@code
 * Path config = SshClientConfig.write(workspace);   // then: ssh -F <config> -o ProxyJump=ubuntu@bastion node
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class SshClientConfig {

    /** The file's name in the workspace. */
    public static final String FILE = "ssh_config";

    private SshClientConfig() {
    }

    /** The configuration's text for a workspace's key and {@code known_hosts}. */
    static String render(Path privateKey, Path knownHosts) {
        return "# Written by mayabench: pinned host keys only, the cluster's own key only.\n"
                + "Host *\n"
                + "    IdentityFile " + quoted(privateKey) + "\n"
                + "    IdentitiesOnly yes\n"
                + "    UserKnownHostsFile " + quoted(knownHosts) + "\n"
                + "    GlobalKnownHostsFile /dev/null\n"
                + "    StrictHostKeyChecking yes\n"
                + "    UpdateHostKeys no\n"
                + "    BatchMode yes\n"
                + "    PasswordAuthentication no\n"
                + "    ConnectTimeout 15\n"
                + "    ServerAliveInterval 15\n"
                + "    ServerAliveCountMax 4\n";
    }

    /** Writes {@code ssh_config} for the workspace's {@code id_ed25519} and {@code known_hosts}. */
    public static Path write(Workspace workspace) {
        Path target = workspace.file(FILE);
        try {
            Files.writeString(target, render(workspace.file("id_ed25519"), workspace.file("known_hosts")));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.contains("\"")) {
            throw new IllegalArgumentException("the workspace path " + text + " contains a double quote, which "
                    + "ssh_config cannot express; move the build to a directory without one");
        }
        return "\"" + text + "\"";
    }
}
