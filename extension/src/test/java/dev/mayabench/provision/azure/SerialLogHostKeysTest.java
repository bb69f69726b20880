package dev.mayabench.provision.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the host keys cloud-init prints to the serial console out of the console's raw text. */
class SerialLogHostKeysTest {

    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvWcYbS9bVtJYrW0Kp4PCe6X7Qm2cN8sQ0tWj1nFz3H";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGl0Yk"
            + "Qx3Q7v9mQ0lQ0rR9q0cUu6m2eVbX1nTnHq5Yy3b4p2Z5cXxJ0x1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k=";
    static final String PREFIX = "<14>Dec  3 16:00:00 ec2: ";

    /** The console as captures show it: CRLF line ends, logger's prefix, lines wrapped at 80 columns. */
    static String console(List<String> cloudInitLines, int columns) {
        List<String> lines = new ArrayList<>(List.of("[    0.000000] Linux version 6.8.0-1021-azure"));
        cloudInitLines.forEach(l -> lines.add(PREFIX + l));
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            String rest = line;
            while (columns > 0 && rest.length() > columns) {
                out.append(rest, 0, columns).append("\r\n");
                rest = rest.substring(columns);
            }
            out.append(rest).append("\r\n");
        }
        return out.toString();
    }

    @Test
    void keysWrappedAcrossConsoleLinesAreJoinedAndTheFingerprintsAreNotTakenForKeys() {
        String log = console(List.of("-----BEGIN SSH HOST KEY FINGERPRINTS-----",
                "256 SHA256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefa root@storage-1 (ED25519)",
                "-----END SSH HOST KEY FINGERPRINTS-----",
                "-----BEGIN SSH HOST KEY KEYS-----", ECDSA + " root@storage-1", ED25519 + " root@storage-1",
                "-----END SSH HOST KEY KEYS-----"), 80);
        assertThat(log.lines().filter(l -> l.length() == 80)).as("the test's keys do wrap").isNotEmpty();

        assertThat(SerialLogHostKeys.parse(log)).contains(List.of(ECDSA, ED25519));
    }

    @Test
    void aConsoleWithoutLoggersPrefixIsReadLineByLine() {
        String log = "-----BEGIN SSH HOST KEY KEYS-----\n" + ED25519 + " root@m\n-----END SSH HOST KEY KEYS-----\n";

        assertThat(SerialLogHostKeys.parse(log)).contains(List.of(ED25519));
    }

    @Test
    void noKeysBeforeTheBlockIsCompleteSoTheCallerWaits() {
        assertThat(SerialLogHostKeys.parse(console(List.of("Cloud-init v. 24.4 running"), 80))).isEmpty();
        assertThat(SerialLogHostKeys.parse(console(List.of("-----BEGIN SSH HOST KEY KEYS-----", ED25519), 80)))
                .as("the END marker not written yet").isEmpty();
    }
}
