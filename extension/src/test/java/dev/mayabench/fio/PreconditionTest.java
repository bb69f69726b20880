package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreconditionTest {

    private static Precondition parse(String value) {
        return Precondition.parse(new SourcedValue(value, "@Fio(precondition) on T#m"));
    }

    private static FioJob job(String profile, Map<String, String> overrides) {
        Map<String, SourcedValue> sourced = new java.util.LinkedHashMap<>();
        overrides.forEach((k, v) -> sourced.put(k, new SourcedValue(v, "test")));
        return FioJob.profile(profile).withOverrides(sourced);
    }

    @Test
    void theModesAreNoneSequentialAndSequentialThenRandomAsFiosSsdSteadyStateExample() {
        assertThat(parse("none").isOn()).isFalse();
        assertThat(parse("sequential").passes()).extracting(Precondition.Pass::rw).containsExactly("write");
        assertThat(parse(" Sequential+Random ").passes()).extracting(Precondition.Pass::rw, Precondition.Pass::bs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("write", "1m"),
                        org.assertj.core.groups.Tuple.tuple("randwrite", "4k"));
    }

    @Test
    void anUnknownModeNamesTheSettingTheValueTheModesAndAFix() {
        assertThatThrownBy(() -> parse("fill")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Fio(precondition) on T#m").hasMessageContaining("fill")
                .hasMessageContaining("none, sequential or sequential+random")
                .hasMessageContaining("did you mean 'sequential+random'");
    }

    @Test
    void aJobThatOnlyReadsIsNotPreconditionedAndSaysWhy() {
        assertThat(parse("sequential").notApplicableTo(FioJob.profile("randread-4k"), VolumeMode.BLOCK))
                .hasValueSatisfying(reason -> assertThat(reason).contains("only reads (rw=randread)")
                        .contains("write workloads"));
        assertThat(parse("sequential").notApplicableTo(FioJob.profile("randrw-4k"), VolumeMode.BLOCK)).isEmpty();
        assertThat(parse("none").notApplicableTo(FioJob.profile("randread-4k"), VolumeMode.BLOCK)).isEmpty();
    }

    @Test
    void onFilesTheFillWritesExactlyTheMeasuredJobsDataFiles() {
        FioJob measured = job("randwrite-4k", Map.of("size", "16m", "numjobs", "2"));

        String text = Precondition.jobText(Precondition.SEQUENTIAL_PASS, measured, VolumeMode.FILESYSTEM);

        assertThat(text).contains("[randwrite-4k]", "numjobs=2", "size=16777216", "rw=write", "bs=1m")
                .doesNotContain("filename", "time_based", "runtime");
        assertThat(Precondition.dataFiles(measured)).containsExactly(Map.entry("randwrite-4k.0.0", 16L << 20),
                Map.entry("randwrite-4k.1.0", 16L << 20));
    }

    @Test
    void onADeviceTheFillNamesNoSizeSoFioCoversTheWholeDevice() {
        String text = Precondition.jobText(Precondition.RANDOM_PASS, FioJob.profile("randwrite-4k"), VolumeMode.BLOCK);

        assertThat(text).contains("[precondition-random]", "rw=randwrite", "bs=4k")
                .doesNotContain("size=", "numjobs", "time_based", "filename");
    }

    @Test
    void aRecordSurvivesTheRoundTripThroughStateJson() {
        Preconditioning done = new Preconditioning("device /dev/loop3", "sequential", Instant.parse(
                "2026-12-03T16:00:00Z"), Duration.ofMillis(1500), 64L << 20, List.of(new Preconditioning.PassResult(
                "precondition-sequential", "write 1m", 64L << 20, Duration.ofSeconds(1), "/r/x.json")));

        assertThat(Preconditioning.fromJson(done.toJson())).contains(done);
        assertThat(done.describe()).contains("sequential of device /dev/loop3 (64.0 MiB)", "2026-12-03T16:00:00Z",
                "took 1s", "write 1m: 64.0 MiB");
        assertThat(Preconditioning.fromJson("{not json")).isEmpty();
    }
}
