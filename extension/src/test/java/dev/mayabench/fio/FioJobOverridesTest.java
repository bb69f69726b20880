package dev.mayabench.fio;

import static dev.mayabench.fio.FioJobProfileTest.overrides;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FioJobOverridesTest {

    private final FioJob profile = FioJob.profile("randread-4k");

    private ConfigurationException rejected(String... keysAndValues) {
        return catchThrowableOfType(ConfigurationException.class,
                () -> profile.withOverrides(overrides(keysAndValues)));
    }

    private Problem onlyProblem(String... keysAndValues) {
        ConfigurationException e = rejected(keysAndValues);
        assertThat(e).as("overrides %s rejected", String.join(" ", keysAndValues)).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void anInvalidBlockSizeNamesTheAttributeTheValueTheUnitsAndTheFix() {
        ConfigurationException e = rejected("bs", "4q");

        assertThat(e).hasMessageContaining("@Fio(bs) on LocalDiskBenchmark#randomRead = '4q' is not allowed")
                .hasMessageContaining("a size like 4k, 128k, 1m")
                .hasMessageContaining("unit k, m, g, t, p, also written kb or KiB")
                .hasMessageContaining("did you mean '4k'?");
    }

    @Test
    void anUnknownRwModeSuggestsTheClosest() {
        Problem p = onlyProblem("rw", "randred");

        assertThat(p.setting()).isEqualTo("@Fio(rw) on LocalDiskBenchmark#randomRead");
        assertThat(p.allowed()).contains("read, write, randread, randwrite, rw, readwrite, randrw, trim");
        assertThat(p.fix()).isEqualTo("did you mean 'randread'?");
    }

    @Test
    void aRuntimeThatIsNotAFioTimeIsRejected() {
        Problem ten = onlyProblem("runtime", "ten");
        assertThat(ten.message()).contains("'ten'", "a fio time like 30s, 2m", "plain number means seconds",
                "write e.g. 30s or 2m");

        // fio itself would read these as 10 microseconds and 1 second
        assertThat(onlyProblem("runtime", "10min").fix()).isEqualTo("did you mean '10m'?");
        assertThat(onlyProblem("rampTime", "1.5s").fix()).isEqualTo("did you mean '1500ms'?");
        assertThat(onlyProblem("runtime", "0").allowed()).contains("more than 0");
    }

    @Test
    void rwmixreadIsAPercentage() {
        Problem p = onlyProblem("rwmixread", "120");

        assertThat(p.message()).isEqualTo("@Fio(rwmixread) on LocalDiskBenchmark#randomRead = '120' is not "
                + "allowed: expected a whole number from 0 to 100; write e.g. rwmixread = 70 for 70% reads, 30% writes");
    }

    @ParameterizedTest
    @CsvSource({
            "iodepth, 0, a whole number from 1 to 4096",
            "iodepth, 320000, a whole number from 1 to 4096",
            "numjobs, -1, a whole number from 1 to 1024",
            "numjobs, four, a whole number from 1 to 1024",
            "direct, 2, 0 or 1",
            "size, 0, more than 0",
            "size, 1.5g, did you mean '1536m'?",
            "size, 50%, a size like",
            "ioengine, libaoi, did you mean 'libaio'?",
            "ioengine, LIBAIO, did you mean 'libaio'?",
            "ioengine, spdk_bdev_thing, fio --enghelp",
            "bs, '4k,,8k', a size like",
            "bs, 4 k, did you mean '4k'?",
            "rampTime, 2 days, did you mean '2d'?",
    })
    void eachValueIsChecked(String setting, String value, String expected) {
        assertThat(onlyProblem(setting, value).message()).contains("'" + value + "'", expected);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigurationException e = rejected("bs", "4q", "rw", "randred", "runtime", "ten", "rwmixread", "120",
                "iodepth", "0", "blocksize", "8k");

        assertThat(e.problems()).extracting(Problem::setting).containsExactly(
                "@Fio(bs) on LocalDiskBenchmark#randomRead", "@Fio(rw) on LocalDiskBenchmark#randomRead",
                "@Fio(runtime) on LocalDiskBenchmark#randomRead", "@Fio(rwmixread) on LocalDiskBenchmark#randomRead",
                "@Fio(iodepth) on LocalDiskBenchmark#randomRead", "@Fio(blocksize) on LocalDiskBenchmark#randomRead");
        assertThat(e).hasMessageStartingWith("mayabench configuration has 6 problems:")
                .hasMessageContaining("'4q'").hasMessageContaining("'randred'").hasMessageContaining("'ten'")
                .hasMessageContaining("'120'").hasMessageContaining("'0'")
                .hasMessageContaining("a setting mayabench can override: rw, bs, iodepth");
    }

    @Test
    void anUnknownSettingIsAProblemWithTheClosestName() {
        Problem p = onlyProblem("iodepht", "8");
        assertThat(p.fix()).isEqualTo("did you mean 'iodepth'?");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> profile.withOverrides(
                Map.of("bsize", new SourcedValue("8k", "mayabench.yaml"))));
        assertThat(e).hasMessageContaining("bsize (mayabench.yaml) = '8k'");
        assertThat(onlyProblem("blocksize", "8k").fix()).isEqualTo("did you mean 'bs'? (fio's blocksize is bs here)");
        assertThat(onlyProblem("verify", "md5").fix()).contains("job file");
    }

    @Test
    void validValuesInFiosNotationsAreAccepted() {
        FioJob job = profile.withOverrides(overrides("bs", "4k,64k", "size", "128KiB", "rw", "randrw",
                "runtime", "500ms", "ramp_time", "1m", "iodepth", "+64", "numjobs", "16", "rwmixread", "0",
                "ioengine", "external:/opt/engines/libmine.so", "direct", "0"));

        assertThat(job.options()).as("128KiB goes to fio as 128k: fio would read 128KiB as 128,000 bytes")
                .containsEntry("bs", "4k,64k").containsEntry("size", "128k")
                .containsEntry("ramp_time", "1m").containsEntry("ioengine", "external:/opt/engines/libmine.so");
        assertThat(profile.withOverrides(overrides("rw", "randread:8", "bs", " 8K ")).options())
                .containsEntry("rw", "randread:8").containsEntry("bs", "8K");
    }

    @Test
    void sizesFollowFiosUnitRules() {
        assertThat(FioSize.bytes("4k")).hasValue(4096);
        assertThat(FioSize.bytes("4kb")).hasValue(4096);
        assertThat(FioSize.bytes("1m")).hasValue(1L << 20);
        assertThat(FioSize.bytes("1KiB")).as("fio's kb_base=1024 compatibility: IEC means 1000").hasValue(1000);
        assertThat(FioSize.bytes("1KiB", 1000)).hasValue(1024);
        assertThat(FioSize.bytes("100t")).hasValue(100L << 40);
        assertThat(FioSize.bytes("4q")).isEmpty();
        assertThat(FioSize.bytes("99999999999999999999")).isEmpty();
        assertThat(FioSize.bytes("16777216p")).as("overflow").isEmpty();
    }
}
