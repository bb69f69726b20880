package dev.mayabench.fio;

import static dev.mayabench.fio.FioJobProfileTest.overrides;
import static dev.mayabench.fio.FioJobProfileTest.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioRunnerTest {

    @TempDir
    Path dir;

    private final FioRunner fio = new FioRunner();

    private Path data() {
        return dir.resolve("data");
    }

    private Path runs() {
        return dir.resolve("results");
    }

    @Test
    void versionIsWhatFioSays() {
        assertThat(fio.version()).startsWith("fio-");
        assertThat(fio.executable()).isEqualTo("fio");
    }

    @Test
    void aShortRealRunLeavesTheJobFileTheJsonPlusOutputAndTheLog() throws Exception {
        // the profile's own engine and O_DIRECT, only smaller and shorter
        FioJob job = FioJob.profile("randread-4k")
                .withOverrides(overrides("size", "1m", "runtime", "1s", "numjobs", "2", "iodepth", "4"));

        FioRun run = fio.run(job, data(), runs(), "randomRead");

        assertThat(run.jobFile()).isEqualTo(runs().resolve("randomRead.fio")).exists();
        assertThat(run.output()).isEqualTo(runs().resolve("randomRead.json"));
        assertThat(run.log()).isEqualTo(runs().resolve("randomRead.log")).exists();
        assertThat(run.command()).containsExactly("fio", "--output-format=json+",
                "--output=" + run.output(), run.jobFile().toString());
        assertThat(run.fioVersion()).isEqualTo(fio.version());
        assertThat(run.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(60));
        JsonNode json = RealFio.json(run.output());
        assertThat(json.get("fio version").asText()).isEqualTo(fio.version());
        assertThat(json.get("jobs")).hasSize(2);
        assertThat(json.get("jobs").get(0).get("read").get("clat_ns").has("bins"))
                .as("json+ carries the latency histogram").isTrue();
        assertThat(json.get("jobs").get(0).get("read").get("total_ios").asLong()).isPositive();
        assertThat(data().resolve("randread-4k.0.0")).hasSize(1 << 20);
        assertThat(data().resolve("randread-4k.1.0")).hasSize(1 << 20);
    }

    @Test
    void aSecondRunOfTheSameNameReplacesTheFirst() throws Exception {
        FioJob job = FioJob.profile("seqwrite-128k").withOverrides(tiny());
        fio.run(job, data(), runs(), "again");
        long firstTimestamp = RealFio.json(runs().resolve("again.json")).get("timestamp_ms").asLong();

        FioRun second = fio.run(job, data(), runs(), "again");

        assertThat(RealFio.json(second.output()).get("timestamp_ms").asLong()).isGreaterThan(firstTimestamp);
    }

    @Test
    void relativeFileNamesOfAJobFileLandInTheTargetDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("own.fio"),
                "[global]\nioengine=psync\nsize=64k\nrw=write\n[mine]\nfilename=mine.dat\n");

        fio.run(FioJob.fromJobFile(file.toString(), "test"), data(), runs(), "own");

        assertThat(data().resolve("mine.dat")).hasSize(64 * 1024);
    }

    @Test
    void aMissingExecutableSaysHowToInstallFioAndWhichSettingPointsElsewhere() {
        FioRunner missing = new FioRunner("/nonexistent/bin/fio");

        assertThatThrownBy(missing::version)
                .isInstanceOf(FioNotInstalledException.class)
                .hasMessageContaining("cannot run '/nonexistent/bin/fio' (No such file or directory)")
                .hasMessageContaining("sudo apt-get install -y fio")
                .hasMessageContaining("sudo dnf install -y fio")
                .hasMessageContaining("mayabench.fio.executable");
        assertThatThrownBy(() -> missing.run(FioJob.profile("randread-4k"), data(), runs(), "x"))
                .isInstanceOf(FioNotInstalledException.class);
        assertThat(catchThrowableOfType(FioNotInstalledException.class, missing::version).executable())
                .isEqualTo("/nonexistent/bin/fio");
    }

    @Test
    void aBinaryThatIsNotFioIsReported() {
        assertThatThrownBy(() -> new FioRunner("false").version())
                .isInstanceOf(FioFailedException.class)
                .hasMessageContaining("'false --version' failed with exit code 1")
                .hasMessageContaining("mayabench.fio.executable");
    }

    @Test
    void fioFailingAtRuntimeIsReportedWithExitCodeCommandAndFiosOwnMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("bad-engine.fio"),
                "[global]\nioengine=nosuchengine\nsize=64k\n[broken]\nrw=read\n");

        FioFailedException e = catchThrowableOfType(FioFailedException.class,
                () -> fio.run(FioJob.fromJobFile(file.toString(), "test"), data(), runs(), "broken"));

        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.command()).contains("--output-format=json+", runs().resolve("broken.fio").toString());
        assertThat(e.fioOutput()).contains("engine nosuchengine not loadable");
        assertThat(e).hasMessageContaining("fio failed with exit code 1 running job bad-engine.fio")
                .hasMessageContaining("fio --output-format=json+ --output=" + runs().resolve("broken.json"))
                .hasMessageContaining("fio said:")
                .hasMessageContaining("engine nosuchengine not loadable")
                .hasMessageContaining(runs().resolve("broken.log").toString());
    }

    @Test
    void anOptionFioDoesNotKnowIsReportedInFiosWords() throws Exception {
        Path file = Files.writeString(dir.resolve("bad-option.fio"),
                "[global]\nioengine=psync\nsize=64k\nblock_size_please=4k\n[j]\n");

        assertThatThrownBy(() -> fio.run(FioJob.fromJobFile(file.toString(), "test"), data(), runs(), "bad"))
                .isInstanceOf(FioFailedException.class)
                .hasMessageContaining("Bad option <block_size_please=4k>");
    }

    @Test
    void aTargetDirectoryThatCannotBeCreatedIsNamedWithTheFix() throws Exception {
        // a path below a regular file cannot become a directory, whatever the user's privileges (root included)
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path target = file.resolve("data");

        assertThatThrownBy(() -> fio.run(FioJob.profile("randread-4k"), target, runs(), "x"))
                .isInstanceOf(TargetDirectoryException.class)
                .hasMessageContaining("fio's target directory " + target + " cannot be created")
                .hasMessageContaining(file + " is a file, not a directory")
                .hasMessageContaining("set mayabench.local.dir to a writable directory")
                .satisfies(e -> assertThat(((TargetDirectoryException) e).directory()).isEqualTo(target));
        assertThat(runs().resolve("x.fio")).doesNotExist();
        assertThatThrownBy(() -> fio.run(FioJob.profile("randread-4k"), file, runs(), "x"))
                .isInstanceOf(TargetDirectoryException.class).hasMessageContaining("is a file, not a directory");
    }

    @Test
    void aTargetDirectoryThatExistsButCannotBeWrittenIsNamed() {
        // /proc is a directory nobody can create files in, root included (permission bits would not stop root)
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux /proc");

        assertThatThrownBy(() -> fio.run(FioJob.profile("randread-4k"), proc, runs(), "x"))
                .isInstanceOf(TargetDirectoryException.class)
                .hasMessageContaining("fio's target directory /proc is not writable")
                .hasMessageContaining("mayabench.local.dir");
    }

    @Test
    void aTargetDirectoryFioCannotNameInAJobFileIsRejected() {
        assertThatThrownBy(() -> fio.run(FioJob.profile("randread-4k"), dir.resolve("a;b"), runs(), "x"))
                .isInstanceOf(TargetDirectoryException.class)
                .hasMessageContaining("comment").hasMessageContaining("mayabench.local.dir");
    }

    @Test
    void aJobTooBigForTheDiskFailsBeforeFioStarts() {
        FioJob huge = FioJob.profile("randread-4k").withOverrides(overrides("size", "100t"));

        NotEnoughSpaceException e = catchThrowableOfType(NotEnoughSpaceException.class,
                () -> fio.run(huge, data(), runs(), "huge"));

        assertThat(e).isNotNull();
        assertThat(e.neededBytes()).isEqualTo(400L << 40);
        assertThat(e.availableBytes()).isLessThan(e.neededBytes());
        assertThat(e).hasMessageContaining("fio needs 400.0 TiB for the data files of job randread-4k "
                        + "(size 100t x numjobs 4) in " + data())
                .hasMessageMatching("(?s).*but only [0-9.]+ [KMGT]iB are free there.*")
                .hasMessageContaining("use a smaller size (@Fio(size) or mayabench.fio.size)")
                .hasMessageContaining("set mayabench.local.dir to a directory on a disk with more space");
        assertThat(runs().resolve("huge.json")).doesNotExist();
    }

    @Test
    void dataFilesOfAnEarlierRunCountAsAlreadyLaidOut() throws Exception {
        FioJob job = FioJob.profile("seqwrite-128k").withOverrides(tiny());
        fio.run(job, data(), runs(), "first");
        try (Stream<Path> files = Files.list(data())) {
            assertThat(files).containsExactly(data().resolve("seqwrite-128k.0.0"));
        }

        assertThat(FioRunner.existingDataFiles(data(), job.jobNames())).isEqualTo(256 * 1024);
        assertThat(FioRunner.existingDataFiles(data(), java.util.List.of("other"))).isZero();
        assertThat(FioRunner.bytes(job.bytesPerTarget().orElseThrow())).isEqualTo("256.0 KiB");
    }

    @Test
    void aRunThatOutlivesItsTimeoutIsStoppedAndSaysSo() throws Exception {
        FioJob endless = FioJob.profile("randread-4k")
                .withOverrides(tiny("ioengine", "null", "runtime", "10m"));
        FioRunner impatient = fio.withTimeout(Duration.ofSeconds(2));
        long start = System.nanoTime();

        FioTimeoutException e = catchThrowableOfType(FioTimeoutException.class,
                () -> impatient.run(endless, data(), runs(), "endless"));

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e).isNotNull();
        assertThat(waited).isLessThan(Duration.ofSeconds(30));
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e).hasMessageContaining("fio randread-4k did not finish within 2s")
                .hasMessageContaining("expected 10m of fio time")
                .hasMessageContaining("so mayabench stopped it");
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("fio")))
                .as("no fio process left behind").isEmpty();
    }

    @Test
    void theTimeoutAllowsForLayoutAndAGenerousMargin() {
        // 2 s ramp + 60 s + 2 min margin + 4 GiB at 16 MiB/s
        assertThat(fio.timeoutFor(FioJob.profile("randread-4k"))).isEqualTo(Duration.ofSeconds(62 + 120 + 256));
        // 1 h runtime: half of it as margin
        assertThat(fio.timeoutFor(FioJob.profile("seqread-128k").withOverrides(overrides("runtime", "1h"))))
                .isEqualTo(Duration.ofSeconds(3602 + 1801 + 64));
        assertThat(fio.withTimeout(Duration.ofMinutes(5)).timeoutFor(FioJob.profile("playground")))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void runNamesArePlainFileNames() {
        assertThatThrownBy(() -> fio.run(FioJob.profile("randread-4k"), data(), runs(), "../escape"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
