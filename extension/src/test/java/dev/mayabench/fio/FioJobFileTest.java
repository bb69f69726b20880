package dev.mayabench.fio;

import static dev.mayabench.fio.FioJobProfileTest.overrides;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioJobFileTest {

    private static final String ORIGIN = "@Fio(jobFile) on MixedBenchmark#mixed";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aClasspathResourceIsReadWithItsJobsAndGlobalOptions() {
        FioJob job = FioJob.fromJobFile("fio/two-jobs.fio", ORIGIN);

        assertThat(job.name()).isEqualTo("two-jobs.fio");
        assertThat(job.isProfile()).isFalse();
        assertThat(job.source()).startsWith("job file fio/two-jobs.fio from the classpath, file:");
        assertThat(job.jobNames()).containsExactly("reader", "writer");
        assertThat(job.options()).containsExactly(Map.entry("ioengine", "psync"), Map.entry("rw", "read"),
                Map.entry("bs", "4k"), Map.entry("size", "256k"), Map.entry("runtime", "1s"),
                Map.entry("time_based", ""));
        assertThat(job.bytesPerTarget()).hasValue(512 * 1024);
        assertThat(job.expectedDuration()).as("stonewall: reader's 1s, then writer's 2s")
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aPathIsReadAbsoluteOrRelativeToTheWorkingDirectory() throws Exception {
        Path file = write("mine.fio", "[global]\nsize=1m\n[a]\nnumjobs=2\n[b]\nruntime=5s\n");

        assertThat(FioJob.fromJobFile(file.toString(), ORIGIN).jobNames()).containsExactly("a", "b");
        assertThat(FioJob.fromJobFile(file.toString(), ORIGIN).bytesPerTarget()).hasValue(3L << 20);
        assertThat(FioJob.fromJobFile(file.toString(), ORIGIN).expectedDuration()).isEqualTo(Duration.ofSeconds(5));
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        assertThat(FioJob.fromJobFile(relative.toString(), ORIGIN).source()).isEqualTo("job file " + file);
    }

    @Test
    void aMissingJobFileNamesTheOriginWhereItLookedAndTheFix() {
        String cwd = Path.of("").toAbsolutePath().toString();

        assertThatThrownBy(() -> FioJob.fromJobFile("fio/missing.fio", ORIGIN))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ORIGIN + " = 'fio/missing.fio' is not allowed")
                .hasMessageContaining("relative to the working directory " + cwd)
                .hasMessageContaining("found neither the file " + cwd + "/fio/missing.fio nor the classpath resource "
                        + "'fio/missing.fio'")
                .hasMessageContaining("put the file under src/test/resources/");
        assertThatThrownBy(() -> FioJob.fromJobFile(dir.toString(), ORIGIN)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> FioJob.fromJobFile(" ", ORIGIN)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aJobFileWithoutJobsIsRejected() throws Exception {
        Path file = write("global-only.fio", "; nothing to run\n[global]\nrw=read\n");

        assertThatThrownBy(() -> FioJob.fromJobFile(file.toString(), ORIGIN))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least one job section");
    }

    @Test
    void theUsersTextIsKeptAndTheDataDirectoryIsAddedInFront() throws Exception {
        FioJob job = FioJob.fromJobFile("fio/two-jobs.fio", ORIGIN);
        Path data = Files.createDirectories(dir.resolve("data"));

        Path jobFile = job.writeTo(dir.resolve("run.fio"), data);

        String original = new String(getClass().getResourceAsStream("/fio/two-jobs.fio").readAllBytes());
        assertThat(Files.readString(jobFile)).contains("[global]\ndirectory=" + data + "\n\n" + original)
                .contains("; job: two-jobs.fio (job file fio/two-jobs.fio", "; overrides: none");
        RealFio.Result verdict = RealFio.parseOnly(jobFile);
        assertThat(verdict.exitCode()).as("fio said: %s", verdict.output()).isZero();
    }

    @Test
    void overridesBeatBothTheJobSectionsAndGlobal() throws Exception {
        // [global] says bs=4k, [reader] says bs=16k: the override must win in both jobs
        FioJob job = FioJob.fromJobFile("fio/two-jobs.fio", ORIGIN)
                .withOverrides(overrides("bs", "8k", "size", "128k", "numjobs", "2", "runtime", "1s"));
        Path data = Files.createDirectories(dir.resolve("data"));

        Path jobFile = job.writeTo(dir.resolve("run.fio"), data);
        JsonNode out = RealFio.runJson(jobFile);

        assertThat(out.get("jobs")).hasSize(4);
        Map<String, Integer> perName = new HashMap<>();
        for (JsonNode j : out.get("jobs")) {
            String name = j.get("jobname").asText();
            perName.merge(name, 1, Integer::sum);
            String direction = name.equals("reader") ? "read" : "write";
            assertThat(RealFio.blockSize(j, direction)).as("%s's bytes per I/O", name).isEqualTo(8192);
        }
        assertThat(perName).containsEntry("reader", 2).containsEntry("writer", 2);
        assertThat(data.resolve("reader.0.0")).hasSize(128 * 1024);
        assertThat(job.bytesPerTarget()).hasValue(4 * 128 * 1024);
        assertThat(job.expectedDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(job.options()).containsEntry("bs", "8k");
        assertThat(Files.readString(jobFile)).contains("[reader]\nbs=16k\n; mayabench overrides, last in the job "
                + "so they win\nbs=8k\nnumjobs=2\nsize=128k\nruntime=1s\n");
    }

    @Test
    void relativeIncludesStillWorkFromTheRenderedCopy() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/common.fio"), "ioengine=psync\nsize=64k\n");
        Path file = Files.writeString(dir.resolve("src/main.fio"), "[global]\ninclude common.fio\n[reader]\nrw=read\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path runDir = Files.createDirectories(dir.resolve("run"));

        Path jobFile = FioJob.fromJobFile(file.toString(), ORIGIN).writeTo(runDir.resolve("main.fio"), data);

        assertThat(Files.readString(jobFile)).contains("include " + dir.resolve("src/common.fio"));
        RealFio.runJson(jobFile);
        assertThat(data.resolve("reader.0.0")).hasSize(64 * 1024);
    }
}
