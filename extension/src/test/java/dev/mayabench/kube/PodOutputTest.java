package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's script really prints what {@link PodOutput} reads: the script's own log-printing loop runs here under
 * {@code sh} with the machine's {@code gzip} and {@code base64} (coreutils), and without them (a PATH that has
 * neither), on logs of fio's format.
 */
class PodOutputTest {

    private static final String IOPS = "1796313453579, 402, 0, 4096, 0\n1796313454579, 399, 0, 4096, 0\n";
    private static final String HIST = "1796313453580, 0, 4096, 0, 3, 17, 0\n";

    @TempDir
    Path dir;

    @Test
    void logsPrintedCompressedByTheScriptComeBackByteForByteBeforeTheJson() throws Exception {
        String log = runScriptPart(System.getenv("PATH"));

        PodOutput output = PodOutput.of(log);

        assertThat(log).contains("=== mayabench fio log fio_iops.1.log " + PodOutput.GZIP + " ===");
        assertThat(output.intervalLogs()).containsOnlyKeys("fio_iops.1.log", "fio_clat_hist.1.log");
        assertThat(new String(output.intervalLogs().get("fio_iops.1.log"), StandardCharsets.UTF_8)).isEqualTo(IOPS);
        assertThat(new String(output.intervalLogs().get("fio_clat_hist.1.log"), StandardCharsets.UTF_8))
                .isEqualTo(HIST);
        assertThat(output.json()).hasValue("{\"fio version\" : \"fio-3.33\"}");
    }

    @Test
    void withoutGzipInTheImageTheLogsComeBackAsText() throws Exception {
        // only the tools the loop needs besides gzip: cat and base64 are linked, gzip is not
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("cat"), Path.of(which("cat")));
        String log = runScriptPart(bin.toString());

        assertThat(log).contains("=== mayabench fio log fio_iops.1.log " + PodOutput.TEXT + " ===");
        assertThat(new String(PodOutput.of(log).intervalLogs().get("fio_iops.1.log"), StandardCharsets.UTF_8))
                .isEqualTo(IOPS);
    }

    @Test
    void aNameThatIsNoIntervalLogIsRefusedSoNothingIsWrittenOutsideTheRunDirectory() {
        String log = "=== mayabench fio log ../../etc/passwd text ===\nroot\n" + FioPod.MARKER + "\n{}";

        assertThatThrownBy(() -> PodOutput.of(log).intervalLogs()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not name an interval log of fio");
    }

    @Test
    void aCompressedLogCutShortIsAnErrorNotAShorterLog() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(IOPS.repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        String body = java.util.Base64.getMimeEncoder().encodeToString(gz.toByteArray());
        String log = "=== mayabench fio log fio_iops.1.log gzip+base64 ===\n" + body.substring(0, body.length() / 2)
                + "\n" + FioPod.MARKER + "\n{}";

        assertThatThrownBy(() -> PodOutput.of(log).intervalLogs()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fio_iops.1.log (gzip+base64) does not decode");
    }

    /** The lines of FioPod.SCRIPT from the start of the log loop to the end, on a results directory of logs. */
    private String runScriptPart(String path) throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("fio_iops.1.log"), IOPS);
        Files.writeString(results.resolve("fio_clat_hist.1.log"), HIST);
        Files.writeString(results.resolve("fio.json"), "{\"fio version\" : \"fio-3.33\"}");
        List<String> lines = FioPod.SCRIPT.lines().toList();
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("if command -v gzip")).findFirst()
                .orElseThrow());
        String part = String.join("\n", lines.subList(from, lines.size()));
        ProcessBuilder builder = new ProcessBuilder(which("sh"), "-c", "set -eu\n" + part).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        builder.environment().put("MAYABENCH_RESULTS", results.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static String which(String command) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return Path.of(d, command).toString();
            }
        }
        throw new IllegalStateException(command + " is not on the PATH");
    }
}
