package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fio's latency-target search: the options mayabench writes, and what real fio 3.33 makes of them. */
class LatencyTargetTest {

    @TempDir
    Path dir;

    static SourcedValue v(String value) {
        return new SourcedValue(value, "test");
    }

    /** A small libaio job (direct I/O on 16 MiB) that searches the depth, up to 4, for the target. */
    FioJob searching(String target, double percentile, String window, String runtime) {
        return FioJob.profile("randread-4k").withOverrides(Map.of("size", v("16m"), "numjobs", v("1"),
                        "iodepth", v("4"), "runtime", v(runtime), "rampTime", v("0s")))
                .withLatencyTarget(LatencyTarget.parse(v(target), percentile, v(window), "on test"), "on test");
    }

    @Test
    void timesGoToFioWithAUnitBecauseABareNumberWouldBeMicroseconds() {
        LatencyTarget target = LatencyTarget.parse(v("1ms"), 99.5, v("2s"), "on test");

        assertThat(target.fioOptions()).containsExactly(Map.entry("latency_target", "1000us"),
                Map.entry("latency_window", "2000000us"), Map.entry("latency_percentile", "99.5"));
    }

    @Test
    void anEasyTargetSettlesAtTheJobsIodepthAndFioEndsTheJobEarly() {
        FioJob job = searching("1s", 99.0, "200ms", "8s");
        FioRun run = new FioRunner().run(job, dir.resolve("data"), dir.resolve("runs"), "easy");

        List<LatencySearch> searches = LatencySearch.read(run.output(), job.expectedDuration());

        // every window meets a 1 s target: fio doubles 1 -> 2 -> 4 (its iodepth), stays, runs one more window, ends
        assertThat(searches).singleElement().satisfies(s -> {
            assertThat(s.job()).isEqualTo("randread-4k");
            assertThat(s.depth()).isEqualTo(4);
            assertThat(s.target()).isEqualTo(Duration.ofSeconds(1));
            assertThat(s.percentile()).isEqualTo(99.0);
            assertThat(s.window()).isEqualTo(Duration.ofMillis(200));
            assertThat(s.settled()).isTrue();
        });
        assertThat(FioResult.parse(run.output()).read().runtime()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anImpossibleTargetKeepsDepthOneAndNeverSettles() {
        // no file I/O completes within 1 µs: every window fails at depth 1; below 100% fio does not end the job
        // (io_u.c lat_target_failed), it keeps trying at depth 1 until the runtime runs out
        FioJob job = searching("1us", 50.0, "200ms", "2s");
        FioRun run = new FioRunner().run(job, dir.resolve("data"), dir.resolve("runs"), "impossible");

        assertThat(LatencySearch.read(run.output(), job.expectedDuration())).singleElement().satisfies(s -> {
            assertThat(s.depth()).isEqualTo(1);
            assertThat(s.settled()).isFalse();
            assertThat(s.toString()).contains("not settled");
        });
    }

    @Test
    void aJobWithoutTargetHasNoSearch() {
        FioJob job = FioJob.profile("randread-4k").withOverrides(Map.of("size", v("16m"), "numjobs", v("1"),
                "runtime", v("1s"), "rampTime", v("0s")));
        FioRun run = new FioRunner().run(job, dir.resolve("data"), dir.resolve("runs"), "plain");

        assertThat(LatencySearch.read(run.output(), job.expectedDuration())).isEmpty();
    }

    @Test
    void badTargetsAreReportedTogetherWithAFixEach() {
        assertThatThrownBy(() -> LatencyTarget.parse(v("1.5ms"), 120, v(""), "on Curves#search"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.getMessage()).contains("@FioSweep(latencyTarget) = '1.5ms'")
                            .contains("did you mean '1500us'?")
                            .contains("@FioSweep(latencyWindow) (from on Curves#search) is missing")
                            .contains("fio has no default")
                            .contains("@FioSweep(latencyPercentile) = '120.0'")
                            .contains("on Curves#search");
                });
        assertThatThrownBy(() -> LatencyTarget.parse(v("0ms"), 99, v("1s"), "on x"))
                .hasMessageContaining("more than 0");
    }
}
