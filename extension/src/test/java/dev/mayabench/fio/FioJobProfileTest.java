package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FioJobProfileTest {

    private static final String ORIGIN = "@Fio(%s) on LocalDiskBenchmark#randomRead";

    @TempDir
    Path dir;

    static Stream<String> profiles() {
        return FioJob.profiles().stream();
    }

    static Map<String, SourcedValue> overrides(String... keysAndValues) {
        Map<String, SourcedValue> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], new SourcedValue(keysAndValues[i + 1], ORIGIN.formatted(keysAndValues[i])));
        }
        return map;
    }

    /** Small, fast and runnable anywhere: 1 s without the profiles' ramp, a few hundred KiB, no O_DIRECT. */
    static Map<String, SourcedValue> tiny(String... more) {
        Map<String, SourcedValue> map = overrides("size", "256k", "runtime", "1s", "rampTime", "0", "ioengine",
                "psync", "direct", "0", "iodepth", "1");
        map.putAll(overrides(more));
        return map;
    }

    @Test
    void theProfilesAreListedInDocumentationOrder() {
        assertThat(FioJob.profiles()).containsExactly("randread-4k", "randwrite-4k", "randrw-4k",
                "seqread-128k", "seqwrite-128k", "playground", "verify");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyProfileRendersAJobFileThatFioAccepts(String profile) throws Exception {
        FioJob job = FioJob.profile(profile);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path jobFile = job.writeTo(dir.resolve(profile + ".fio"), data);

        RealFio.Result verdict = RealFio.parseOnly(jobFile);

        assertThat(verdict.exitCode()).as("fio --parse-only said: %s", verdict.output()).isZero();
        assertThat(verdict.output()).doesNotContainIgnoringCase("bad option");
        assertThat(Files.readString(jobFile))
                .startsWith("; fio job file written by mayabench")
                .contains("; job: " + profile + " (profile " + profile + ")", "; overrides: none",
                        "directory=" + data, "[" + profile + "]")
                .doesNotContain("group_reporting=", "\ngroup_reporting\n");
    }

    @Test
    void profilesCarryTheDocumentedSettings() {
        assertThat(FioJob.profile("randread-4k").options()).containsEntry("rw", "randread")
                .containsEntry("bs", "4k").containsEntry("iodepth", "32").containsEntry("numjobs", "4")
                .containsEntry("ioengine", "libaio").containsEntry("direct", "1").containsEntry("size", "1g")
                .containsEntry("runtime", "60s").containsKey("time_based").doesNotContainKey("group_reporting");
        assertThat(FioJob.profile("randrw-4k").options()).containsEntry("rw", "randrw")
                .containsEntry("rwmixread", "70");
        assertThat(FioJob.profile("seqwrite-128k").options()).containsEntry("rw", "write")
                .containsEntry("bs", "128k").containsEntry("numjobs", "1");
        assertThat(FioJob.profile("playground").options()).containsEntry("rw", "randrw").containsEntry("bs", "4k")
                .containsEntry("iodepth", "16").containsEntry("numjobs", "8").containsEntry("runtime", "60s")
                .containsEntry("ioengine", "libaio").containsEntry("direct", "1");
        assertThat(FioJob.profile("playground").jobNames()).containsExactly("playground");
        assertThat(FioJob.profile("playground").isProfile()).isTrue();
    }

    @Test
    void aMisspeltProfileIsReportedWithTheSettingTheNamesAndTheClosestOne() {
        assertThatThrownBy(() -> FioJob.profile("randred-4k"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Fio(profile) = 'randred-4k' is not allowed")
                .hasMessageContaining("randread-4k, randwrite-4k, randrw-4k, seqread-128k, seqwrite-128k, playground")
                .hasMessageContaining("did you mean 'randread-4k'?");
    }

    @Test
    void aProfileFromAnotherSourceNamesThatSource() {
        assertThatThrownBy(() -> FioJob.profile(new SourcedValue("seqwrte-128k", "system property mayabench.fio.profile")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("system property mayabench.fio.profile = 'seqwrte-128k'")
                .hasMessageContaining("did you mean 'seqwrite-128k'?");
        assertThatThrownBy(() -> FioJob.profile("benchmark-everything"))
                .hasMessageContaining("@Fio(jobFile)");
        assertThat(FioJob.profile(new SourcedValue(" RandRead-4K ", "x")).name()).isEqualTo("randread-4k");
    }

    @Test
    void bytesAreSizeTimesNumjobs() {
        assertThat(FioJob.profile("randread-4k").bytesPerTarget()).hasValue(4L << 30);
        assertThat(FioJob.profile("seqread-128k").bytesPerTarget()).hasValue(1L << 30);
        assertThat(FioJob.profile("playground").bytesPerTarget()).hasValue(8L << 30);
        assertThat(FioJob.profile("randread-4k").withOverrides(overrides("size", "1m", "numjobs", "2"))
                .bytesPerTarget()).hasValue(2L << 20);
    }

    @Test
    void expectedDurationIsRuntimePlusRampTime() {
        assertThat(FioJob.profile("randwrite-4k").expectedDuration()).as("the profiles' 60 s after a 2 s ramp")
                .isEqualTo(Duration.ofSeconds(62));
        assertThat(FioJob.profile("randwrite-4k").withOverrides(overrides("runtime", "2m", "rampTime", "5s"))
                .expectedDuration()).isEqualTo(Duration.ofSeconds(125));
    }

    @Test
    void overridesReplaceTheProfilesValuesInPlaceAndAreNamedInTheHeader() {
        FioJob job = FioJob.profile("randread-4k").withOverrides(overrides("bs", "8k", "rampTime", "3s"));

        assertThat(job.options()).containsEntry("bs", "8k").containsEntry("ramp_time", "3s");
        assertThat(new ArrayList<>(job.options().keySet()).indexOf("bs"))
                .isEqualTo(new ArrayList<>(FioJob.profile("randread-4k").options().keySet()).indexOf("bs"));
        String text = job.render(dir);
        assertThat(text).contains("bs=8k", "ramp_time=3s",
                "; overrides: bs=8k from @Fio(bs) on LocalDiskBenchmark#randomRead; "
                        + "ramp_time=3s from @Fio(rampTime) on LocalDiskBenchmark#randomRead")
                .doesNotContain("bs=4k");
        assertThat(job.overrides()).containsOnlyKeys("bs", "ramp_time");
    }

    @Test
    void jobsAreImmutableAndALaterOverrideWins() {
        FioJob profile = FioJob.profile("randread-4k");
        FioJob first = profile.withOverrides(overrides("bs", "8k", "iodepth", "8"));
        FioJob second = first.withOverrides(overrides("bs", "16k"));

        assertThat(profile.options()).containsEntry("bs", "4k");
        assertThat(first.options()).containsEntry("bs", "8k");
        assertThat(second.options()).containsEntry("bs", "16k").containsEntry("iodepth", "8");
        assertThat(profile.withOverrides(Map.of())).isSameAs(profile);
        assertThat(FioJob.profile("randread-4k")).isEqualTo(profile);
        assertThat(second).isNotEqualTo(first).hasToString("FioJob[randread-4k, overrides bs=16k, iodepth=8]");
    }

    @Test
    void overridesReallyChangeWhatFioDoes() throws Exception {
        FioJob job = FioJob.profile("randread-4k").withOverrides(tiny("bs", "8k", "numjobs", "3", "rw", "read"));
        Path data = Files.createDirectories(dir.resolve("data"));

        JsonNode out = RealFio.runJson(job.writeTo(dir.resolve("job.fio"), data));

        List<JsonNode> jobs = new ArrayList<>();
        out.get("jobs").forEach(jobs::add);
        assertThat(jobs).as("numjobs=3 without group_reporting: one entry per job").hasSize(3);
        for (JsonNode j : jobs) {
            assertThat(j.get("jobname").asText()).isEqualTo("randread-4k");
            assertThat(RealFio.blockSize(j, "read")).as("bytes per read I/O").isEqualTo(8192);
            assertThat(j.get("write").get("total_ios").asLong()).as("rw=read does not write").isZero();
        }
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).as("one 256k data file per job").hasSize(3)
                    .allSatisfy(f -> assertThat(Files.size(f)).isEqualTo(256 * 1024));
        }
    }

    @Test
    void aColonInTheDataDirectoryIsEscapedSoFioUsesThatDirectory() throws Exception {
        Path data = Files.createDirectories(dir.resolve("disk:nvme0"));
        FioJob job = FioJob.profile("seqwrite-128k").withOverrides(tiny());

        Path jobFile = job.writeTo(dir.resolve("job.fio"), data);
        RealFio.runJson(jobFile);

        assertThat(Files.readString(jobFile)).contains("directory=" + dir + "/disk\\:nvme0");
        assertThat(data.resolve("seqwrite-128k.0.0")).exists().hasSize(256 * 1024);
    }

    @Test
    void aDirectoryFioWouldReadAsACommentIsRejected() {
        FioJob job = FioJob.profile("randread-4k");

        assertThatThrownBy(() -> job.render(dir.resolve("a;b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a;b").hasMessageContaining("comment");
        assertThatThrownBy(() -> job.render(dir.resolve("disk#1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyTimedProfileRampsSoItsOwnNoRampGuardrailStaysQuiet(String profile) {
        FioJob job = FioJob.profile(profile);

        if (profile.equals("verify")) {
            assertThat(job.options()).as("every block written is verified, none left to a ramp")
                    .doesNotContainKey("ramp_time");
        } else {
            assertThat(job.options()).containsEntry("ramp_time", "2s");
            assertThat(job.expectedDuration()).isEqualTo(Duration.ofSeconds(62));
        }
    }
}
