package dev.mayabench.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/**
 * OpenSSH's SHA256 fingerprint of a public key ({@code SHA256:} and the unpadded base64 of the SHA-256 of the
 * key's wire encoding), the form {@code ssh-keygen -l} and {@code ssh}'s own warnings print, so a user can
 * compare what mayabench reports with what the machine's console shows.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(PublicKey key) {
        return of(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    /** The fingerprint of a key as {@code known_hosts} writes it: base64 of the wire encoding. */
    static String ofBase64(String encodedKey) {
        return of(Base64.getDecoder().decode(encodedKey));
    }

    static String of(byte[] wireEncoding) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wireEncoding);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
