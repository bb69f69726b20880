package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.SourcedValue;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code verify} profile with real fio: intact data passes; a block changed on disk between writing and
 * verifying is reported as data corruption, naming the file and offset, and not as an ordinary fio failure.
 */
class DataIntegrityTest {

    @TempDir
    Path dir;
    private final FioRunner fio = new FioRunner();

    private Path data() throws IOException {
        return Files.createDirectories(dir.resolve("data"));
    }

    private Path runs() throws IOException {
        return Files.createDirectories(dir.resolve("runs"));
    }

    private static FioJob verify(Map<String, String> more) {
        Map<String, SourcedValue> overrides = new LinkedHashMap<>();
        // psync: libaio needs O_DIRECT support, which a tmpfs test directory may lack
        overrides.put("ioengine", new SourcedValue("psync", "test"));
        overrides.put("size", new SourcedValue("4m", "test"));
        more.forEach((k, v) -> overrides.put(k, new SourcedValue(v, "test")));
        return FioJob.profile("verify").withOverrides(overrides);
    }

    @Test
    void intactDataVerifies() throws Exception {
        FioRun run = fio.run(verify(Map.of()), data(), runs(), "intact");

        FioResult result = FioResult.parse(run.output());
        assertThat(result.write().ioBytes()).isEqualTo(4L << 20);
        assertThat(result.read().ioBytes()).as("everything written was read back to verify").isEqualTo(4L << 20);
    }

    @Test
    void aBlockChangedOnDiskIsReportedAsDataCorruptionWithItsOffset() throws Exception {
        fio.run(verify(Map.of()), data(), runs(), "written");
        Path file;
        try (var files = Files.list(data())) {
            // the data file, not fio's small verify state file beside it
            file = files.filter(f -> f.getFileName().toString().endsWith(".0.0")).findFirst().orElseThrow();
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(100 * 4096 + 100);
            raw.write("not what fio wrote".getBytes());
        }

        assertThatThrownBy(() -> fio.run(FioJob.fromJobFile(verifyOnly(file).toString(), "test"), data(), runs(),
                "reread"))
                .isInstanceOfSatisfying(DataCorruptionException.class, e -> {
                    assertThat(e.mismatches()).singleElement().asString()
                            .contains("verify failed", file.toString(), "offset 409600");
                    assertThat(e.exitCode()).isNotZero();
                })
                .hasMessageStartingWith("DATA CORRUPTION in fio job")
                .hasMessageContaining("This is wrong data, not a slow run");
    }

    /**
     * A job that only reads back and checks what the verify profile wrote into {@code file}: named relative to the
     * data directory, as a job file must name its files.
     */
    private Path verifyOnly(Path file) throws IOException {
        return Files.writeString(dir.resolve("verify-only.fio"), """
                [global]
                ioengine=psync
                direct=1
                rw=randwrite
                bs=4k
                size=4m
                verify=crc32c
                verify_fatal=1
                verify_only=1
                [check]
                filename=%s
                """.formatted(file.getFileName()));
    }
}
