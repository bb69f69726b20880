package dev.mayabench.ssh;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Host-key verification against the workspace's {@code known_hosts} and nothing else: an unknown host and a
 * changed key are both refused (sshj's default actions, kept), and the refusal is remembered so that the
 * connection's failure can say which host offered which key instead of sshj's bare "could not verify".
 */
final class PinnedHostKeys extends OpenSSHKnownHosts {

    private volatile HostKeyRefusedException refusal;

    private PinnedHostKeys(File file) throws IOException {
        super(file);
    }

    static PinnedHostKeys of(Path knownHosts) {
        try {
            return new PinnedHostKeys(knownHosts.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pinned host keys in " + knownHosts + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        refusal = new HostKeyRefusedException(hostname, Fingerprint.of(key), List.of(), getFile().toString());
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        List<String> expected = new ArrayList<>();
        for (KnownHostEntry entry : entries()) {
            try {
                if (entry.appliesTo(hostname)) {
                    String[] fields = entry.getLine().trim().split("\\s+");
                    int keyField = fields[0].startsWith("@") ? 3 : 2;
                    if (fields.length > keyField) {
                        expected.add(Fingerprint.ofBase64(fields[keyField]));
                    }
                }
            } catch (IOException | IllegalArgumentException unreadable) {
                // an entry that cannot be read pins nothing; the refusal stands either way
            }
        }
        refusal = new HostKeyRefusedException(hostname, Fingerprint.of(key), expected, getFile().toString());
        return false;
    }

    /** Why the last connection was refused, if it was for its host key. */
    Optional<HostKeyRefusedException> refusal() {
        return Optional.ofNullable(refusal);
    }
}
