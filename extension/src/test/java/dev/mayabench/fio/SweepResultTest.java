package dev.mayabench.fio;

import static dev.mayabench.fio.SweepResult.whereLatencyAtMost;
import static dev.mayabench.fio.SweepResult.whereP99AtMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sweep picks from its points: the best IOPS under a latency bound, the knee, the curve. */
class SweepResultTest {

    @TempDir
    static Path dir;
    static SweepPoints points;

    @BeforeAll
    static void shape() {
        points = SweepPoints.from(dir);
    }

    static Duration us(long micros) {
        return Duration.ofNanos(micros * 1000);
    }

    static Map<String, String> depth(int d) {
        return Map.of("iodepth", Integer.toString(d));
    }

    /** A disk whose latency grows with depth: 1 → 20k IOPS at 0.1 ms, ..., 64 → 95k IOPS at 8 ms. */
    static SweepResult depthCurve() {
        return new SweepResult(List.of(
                points.read(depth(1), 20_000, us(100)),
                points.read(depth(4), 60_000, us(300)),
                points.read(depth(16), 85_000, us(900)),
                points.read(depth(32), 90_000, Duration.ofMillis(2)),
                points.read(depth(64), 95_000, Duration.ofMillis(8))));
    }

    @Test
    void maxIopsIsTheBestPointThatKeepsTheBoundNotTheBestPointOverall() {
        SweepResult sweep = depthCurve();

        assertThat(sweep.maxIops(whereP99AtMost(Duration.ofMillis(1)))).hasValueSatisfying(p -> {
            assertThat(p.parameters()).containsEntry("iodepth", "16");
            assertThat(p.iops()).isEqualTo(85_000);
        });
        assertThat(sweep.maxIops(whereP99AtMost(Duration.ofMillis(2)))).get()
                .extracting(SweepPoint::label).isEqualTo("iodepth=32");
    }

    @Test
    void theBoundIsInclusiveAndNoPointWithinItMeansEmpty() {
        SweepResult sweep = depthCurve();

        assertThat(sweep.maxIops(whereP99AtMost(us(300)))).get()
                .extracting(SweepPoint::label).isEqualTo("iodepth=4");
        assertThat(sweep.maxIops(whereP99AtMost(us(99)))).isEmpty();
    }

    @Test
    void aMixedPointCountsOnlyWhenEveryDirectionKeepsTheBoundAndItsIopsAreBothDirections() {
        SweepResult sweep = new SweepResult(List.of(
                points.mixed(depth(1), 10_000, us(200), 5_000, us(400)),
                // the reads are fast, the writes are not: this point breaks a 1 ms bound
                points.mixed(depth(8), 40_000, us(500), 20_000, Duration.ofMillis(3))));

        assertThat(sweep.maxIops(whereP99AtMost(Duration.ofMillis(1)))).get().satisfies(p -> {
            assertThat(p.label()).isEqualTo("iodepth=1");
            assertThat(p.iops()).isEqualTo(15_000);
        });
        assertThat(sweep.maxIops(whereP99AtMost(Duration.ofMillis(3)))).get()
                .extracting(SweepPoint::label).isEqualTo("iodepth=8");
    }

    @Test
    void theKneeIsThePointOfMostIopsPerUnitOfLatency() {
        // power = IOPS / p99 in IOPS per µs: 200, 203.3, 94.4, 11.9: depth 4 is the knee, not the most IOPS
        SweepResult sweep = new SweepResult(List.of(
                points.read(depth(1), 20_000, us(100)),
                points.read(depth(4), 61_000, us(300)),
                points.read(depth(16), 85_000, us(900)),
                points.read(depth(64), 95_000, Duration.ofMillis(8))));

        assertThat(sweep.knee("read")).get().extracting(SweepPoint::label).isEqualTo("iodepth=4");
        assertThat(sweep.knee("write")).isEmpty();
    }

    @Test
    void theCurveHoldsEachDirectionsIopsAndPercentileInSweepOrder() {
        SweepResult sweep = depthCurve();

        assertThat(sweep.curve("read")).extracting(SweepResult.CurvePoint::iops)
                .containsExactly(20_000.0, 60_000.0, 85_000.0, 90_000.0, 95_000.0);
        assertThat(sweep.curve("read")).extracting(SweepResult.CurvePoint::latency)
                .containsExactly(us(100), us(300), us(900),
                        Duration.ofMillis(2), Duration.ofMillis(8));
        assertThat(sweep.curve("write")).isEmpty();
        assertThat(sweep.directions()).containsExactly("read");
    }

    @Test
    void theTableShowsEveryPointAndMarksTheKnee() {
        String table = depthCurve().table();

        // depths 1 and 4 have the same power (200 IOPS per µs); a tie goes to the earlier point
        assertThat(table).contains("read IOPS", "read p99", "iodepth=64", "8.000 ms", "95000")
                .containsPattern("iodepth=1 .*<- knee \\(read\\)")
                .doesNotContainPattern("iodepth=4 .*knee");
    }

    @Test
    void aBoundNeedsAPercentileAndAPositiveLimit() {
        assertThatThrownBy(() -> whereLatencyAtMost(0, Duration.ofMillis(1)))
                .hasMessageContaining("above 0 and at most 100");
        assertThatThrownBy(() -> whereP99AtMost(Duration.ZERO)).hasMessageContaining("more than 0");
        assertThat(whereLatencyAtMost(99.9, Duration.ofMillis(1))).hasToString("p99.9 <= 1.000 ms");
    }
}
