package dev.mayabench.assertj;

import static dev.mayabench.fio.SweepResult.whereLatencyAtMost;
import static dev.mayabench.fio.SweepResult.whereP99AtMost;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.fio.SweepPoints;
import dev.mayabench.fio.SweepResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assertThat(sweep).maxIops(whereP99AtMost(...)).isAtLeast(n)}: passes, and fails showing the curve. */
class SweepResultAssertTest {

    @TempDir
    static Path dir;
    static SweepResult sweep;

    @BeforeAll
    static void curve() {
        SweepPoints points = SweepPoints.from(dir);
        sweep = new SweepResult(List.of(
                points.read(Map.of("iodepth", "1"), 20_000, Duration.ofNanos(100_000)),
                points.read(Map.of("iodepth", "16"), 85_000, Duration.ofNanos(900_000)),
                points.read(Map.of("iodepth", "64"), 95_000, Duration.ofMillis(8))));
    }

    @Test
    void theBestPointUnderTheBoundReachingTheMinimumPasses() {
        assertThatCode(() -> FioAssertions.assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1)))
                .isAtLeast(85_000)).doesNotThrowAnyException();
    }

    @Test
    void aShortfallNamesTheBestPointUnderTheBoundAndShowsTheCurve() {
        // 95,000 IOPS were measured, but not within 1 ms: the best within is 85,000 at iodepth=16
        assertThatThrownBy(() -> FioAssertions.assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1)))
                .isAtLeast(90_000))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the most IOPS of a point with p99 <= 1.000 ms in")
                .hasMessageContaining("sweep of 3 point(s)")
                .hasMessageContaining("to be at least 90,000, but the best such point, iodepth=16, has 85,000 IOPS")
                .hasMessageContaining("iodepth=64")
                .hasMessageContaining("8.000 ms");
    }

    @Test
    void noPointWithinTheBoundFailsWithTheCurveAtThatPercentile() {
        assertThatThrownBy(() -> FioAssertions.assertThat(sweep)
                .maxIops(whereLatencyAtMost(99.0, Duration.ofNanos(50_000))).isAtLeast(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but no point keeps p99 <= 50.0 µs")
                .hasMessageContaining("read p99")
                .hasMessageContaining("100.0 µs");
    }
}
