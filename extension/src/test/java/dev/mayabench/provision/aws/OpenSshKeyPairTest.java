package dev.mayabench.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshKeyPairTest {

    @TempDir
    Path dir;

    @Test
    void openSshReadsThePrivateKeyAndDerivesTheSamePublicKeyAndFingerprint() throws Exception {
        OpenSshKeyPair key = OpenSshKeyPair.generate("storage-1");
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, key.privateKey(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        String derived = sshKeygen("-y", "-f", file.toString());
        Files.writeString(dir.resolve("id_ed25519.pub"), key.publicKeyLine() + "\n");
        String fingerprint = sshKeygen("-l", "-E", "sha256", "-f", dir.resolve("id_ed25519.pub").toString());

        assertThat(derived.trim()).startsWith(key.publicKey());
        assertThat(fingerprint).contains(key.fingerprint()).contains("storage-1").contains("ED25519");
    }

    @Test
    void everyKeyIsNewAndItsTextNeverShowsThePrivatePart() {
        OpenSshKeyPair a = OpenSshKeyPair.generate("a");
        OpenSshKeyPair b = OpenSshKeyPair.generate("a");

        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
        assertThat(a.toString()).contains(a.fingerprint()).doesNotContain("PRIVATE").doesNotContain(a.privateKey());
    }

    @Test
    void theCloudInitUserDataInstallsTheHostKeyAndNoOther() {
        OpenSshKeyPair key = OpenSshKeyPair.generate("master-1");

        CloudInit init = CloudInit.withHostKey(key);

        assertThat(init.text()).startsWith("#cloud-config\n")
                .contains("ssh_deletekeys: true")
                .contains("ssh_genkeytypes: []")
                .contains("ed25519_public: " + key.publicKey())
                .contains("ed25519_private: |");
        // the PEM lines survive the YAML literal block, indented
        assertThat(init.text()).contains("    -----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(init.toString()).doesNotContain("PRIVATE");
    }

    private String sshKeygen(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ssh-keygen"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
