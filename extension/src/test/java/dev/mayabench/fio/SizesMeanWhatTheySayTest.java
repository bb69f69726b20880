package dev.mayabench.fio;

import static dev.mayabench.fio.FioJobProfileTest.overrides;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.report.FioReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A size means the bytes the user meant, whatever fio's unit conventions: fio (kb_base=1024, its default) reads
 * {@code 4KiB} as 4000 bytes, so mayabench hands it {@code 4k}. And the figures say which block size fio really
 * used, from fio's own totals.
 */
class SizesMeanWhatTheySayTest {

    private static final Pattern DID_YOU_MEAN = Pattern.compile("did you mean '([^']+)'");

    @TempDir
    Path dir;

    /** Runs the job for real with O_DIRECT (which needs the block size to be a multiple of 512). */
    private FioResult run(FioJob job) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path jobFile = job.writeTo(dir.resolve("job.fio"), data);
        RealFio.Result result = RealFio.run(dir, "--output-format=json+", "--output=" + dir.resolve("out.json"),
                jobFile.toString());
        assertThat(result.exitCode()).as("fio exit code; fio said: %s", result.output()).isZero();
        return FioResult.parse(dir.resolve("out.json"));
    }

    @Test
    void aKiBBlockSizeRunsAs4096ByteDirectIos() throws Exception {
        // before: bs=4KiB went to fio as written, which read it as 4000 bytes and failed O_DIRECT with EINVAL
        FioJob job = FioJob.profile("randread-4k").withOverrides(overrides("bs", "4KiB", "size", "1MiB",
                "runtime", "1s", "numjobs", "1", "iodepth", "1", "ioengine", "psync", "direct", "1"));

        FioResult result = run(job);

        assertThat(job.options()).containsEntry("bs", "4k").containsEntry("size", "1m");
        assertThat(result.read().blockSize()).as("fio's io_bytes / total_ios").hasValue(4096);
        assertThat(result.jobs().get(0).read().blockSize()).hasValue(4096);
        assertThat(Files.size(dir.resolve("data/randread-4k.0.0"))).isEqualTo(1 << 20);
        assertThat(FioReport.csv(result)).startsWith("job,direction,bs,IOPS,").contains("randread-4k,read,4 KiB,");
        assertThat(FioReport.oneLine(result)).startsWith("read bs 4 KiB ");
    }

    @Test
    void theReportShowsTheBlockSizeFioUsedNotTheLabel() throws Exception {
        // a job file that chose kb_base=1000 itself: 4k there is 4000 bytes, and the report says so
        Path file = Files.writeString(dir.resolve("decimal.fio"),
                "[global]\nkb_base=1000\nioengine=psync\nrw=write\nbs=4k\nsize=400k\n[decimal]\n");

        FioResult result = run(FioJob.fromJobFile(file.toString(), "test"));

        assertThat(result.write().blockSize()).hasValue(4000);
        assertThat(FioReport.blockSize(result.write())).isEqualTo("4000 B");
        assertThat(result.read().blockSize()).as("no reads").isEmpty();
        assertThat(FioReport.blockSize(result.read())).isEqualTo("n/a");
    }

    @Test
    void anOverrideOfAJobFileWithItsOwnKbBaseIsWrittenInBytes() throws Exception {
        Path file = Files.writeString(dir.resolve("decimal.fio"),
                "[global]\nkb_base=1000\nioengine=psync\nrw=write\nbs=4k\nsize=400k\n[decimal]\n");

        FioJob job = FioJob.fromJobFile(file.toString(), "test").withOverrides(overrides("bs", "8k"));
        FioResult result = run(job);

        assertThat(job.options()).containsEntry("bs", "8192");
        assertThat(result.write().blockSize()).as("8k meant 8192 bytes, even where kb_base=1000").hasValue(8192);
    }

    @Test
    void mixedBlockSizesShowTheirMeanMarkedAsSuch() throws Exception {
        Path file = Files.writeString(dir.resolve("mixed.fio"),
                "[global]\nioengine=psync\nrw=write\nbssplit=4k/50:8k/50\nsize=1m\nrandrepeat=1\n[mixed]\n");

        FioResult result = run(FioJob.fromJobFile(file.toString(), "test"));

        long mean = result.write().blockSize().orElseThrow();
        assertThat(mean).isBetween(4096L, 8192L);
        assertThat(FioReport.blockSize(result.write())).startsWith(result.write().ioBytes() % mean == 0 ? "" : "~");
    }

    @Test
    void theBlockSizeIsExactAfterARampThoughTotalIosCountsTheIosInFlightWhenTheRampEnded() throws Exception {
        FioJob job = FioJob.profile("seqread-128k").withOverrides(overrides("size", "64m", "runtime", "2s",
                "rampTime", "1s", "iodepth", "16", "ioengine", "libaio", "direct", "1"));

        FioResult result = run(job);

        assertThat(result.read().blockSize()).hasValue(128 * 1024);
        assertThat(FioReport.blockSize(result.read())).isEqualTo("128 KiB");
    }

    /** fio's own totals from two runs on the development machine (128k, iodepth 16, json+). */
    @Test
    void theBlockSizeIsTheDivisorOfIoBytesNearFiosIoCount() {
        // a read after a 1 s ramp: total_ios counted the 15 I/Os in flight at the ramp's end, the histogram did not
        IoStats read = new IoStats("read", "s", 0, 0, 1418592256L, 10808, 2000, 0, java.util.Map.of(),
                new LatencyHistogram(java.util.Map.of(1000L, 10823L)), "");
        // a write whose histogram counted one I/O fewer than its bytes
        IoStats write = new IoStats("write", "s", 0, 0, 3493199872L, 26635, 5000, 0, java.util.Map.of(),
                new LatencyHistogram(java.util.Map.of(1000L, 26650L)), "");
        IoStats withoutHistogram = new IoStats("read", "s", 0, 0, 1418592256L, 10808, 2000, 0, java.util.Map.of(),
                null, "no histogram");

        assertThat(read.blockSize()).hasValue(131072);
        assertThat(write.blockSize()).hasValue(131072);
        assertThat(withoutHistogram.blockSize()).hasValue(131072);
        assertThat(FioReport.blockSize(write)).isEqualTo("128 KiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4q", "1.5m", "4 KiB", "1.5GiB", "0.5k", "4kk", "2.5MiB"})
    void everyHintForASizeIsAcceptedWhenFedBackAndMeansThatSize(String typo) {
        for (String setting : List.of("bs", "size")) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> FioJob.profile("randread-4k").withOverrides(overrides(setting, typo)));
            assertThat(e).as("%s = %s is refused", setting, typo).isNotNull();
            Problem p = e.problems().get(0);
            assertThat(p.allowed()).contains("4KiB", "power of 1024");
            Matcher hint = DID_YOU_MEAN.matcher(p.fix());
            assertThat(hint.find()).as("a 'did you mean' for %s: %s", typo, p.fix()).isTrue();

            FioJob fixed = FioJob.profile("randread-4k").withOverrides(overrides(setting, hint.group(1)));

            assertThat(FioSize.bytes(fixed.options().get(setting)))
                    .as("fio reads the hint for %s as the bytes it means", typo)
                    .isEqualTo(FioSize.meant(hint.group(1)));
        }
    }

    @Test
    void theExamplesInTheAllowedTextAreAcceptedAndMeanPowersOf1024() {
        for (String example : List.of("4k", "128k", "1m", "10g", "4KiB", "1GiB", "4kb")) {
            FioJob job = FioJob.profile("randread-4k").withOverrides(overrides("bs", example, "size", example));
            assertThat(FioSize.bytes(job.options().get("bs"))).as("fio's reading of %s", example)
                    .isEqualTo(FioSize.meant(example));
            assertThat(FioSize.bytes(job.options().get("size"))).isEqualTo(FioSize.meant(example));
        }
        assertThat(FioSize.meant("4KiB")).hasValue(4096);
        assertThat(FioSize.meant("4kb")).hasValue(4096);
        assertThat(FioSize.meant("1GiB")).hasValue(1L << 30);
        assertThat(FioSize.meant("512")).hasValue(512);
    }

    @Test
    void fioItselfReadsKiBAs1000Bytes() throws Exception {
        // the fact the translation rests on, checked against the installed fio rather than assumed
        Path file = Files.writeString(dir.resolve("raw.fio"), "[raw]\nioengine=psync\nrw=write\nbs=4KiB\n"
                + "size=40000\ndirectory=" + Files.createDirectories(dir.resolve("raw")) + "\n");

        JsonNode job = RealFio.runJson(file).get("jobs").get(0);

        assertThat(RealFio.blockSize(job, "write")).isEqualTo(4000);
    }
}
