package dev.mayabench.provision.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * An ed25519 key pair in OpenSSH's formats, generated in this JVM (BouncyCastle, which sshj brings). Used for
 * the per-run login key and for each instance's host key, which is generated here and handed to cloud-init so
 * that {@code known_hosts} can be written before the machine first boots: host keys are pinned, never trusted
 * on first use. {@link #toString()} never shows the private key.
 *
 * <pre>{@code
 * OpenSshKeyPair key = OpenSshKeyPair.generate("mayabench-demo");
 * key.publicKeyLine();   // "ssh-ed25519 AAAAC3Nz... mayabench-demo"
 * key.fingerprint();     // "SHA256:..."
 * }</pre>
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public record OpenSshKeyPair(String privateKey, String publicKeyLine) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static OpenSshKeyPair generate(String comment) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            byte[] privateBlob = OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate());
            byte[] publicBlob = OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic());
            String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateBlob)
                    + "\n-----END OPENSSH PRIVATE KEY-----\n";
            return new OpenSshKeyPair(pem, "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicBlob)
                    + " " + comment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an ed25519 key in OpenSSH format", e);
        }
    }

    /** The public key without its comment: {@code ssh-ed25519 AAAA...}, as {@code known_hosts} wants it. */
    public String publicKey() {
        String[] parts = publicKeyLine.split(" ");
        return parts[0] + " " + parts[1];
    }

    /** OpenSSH's fingerprint of the public key: {@code SHA256:} and the unpadded base64 of its digest. */
    public String fingerprint() {
        byte[] blob = Base64.getDecoder().decode(publicKeyLine.split(" ")[1]);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "OpenSshKeyPair[" + fingerprint() + "]";
    }
}
