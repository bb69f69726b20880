package dev.mayabench.assertj;

import dev.mayabench.fio.LatencyBound;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link SweepResult}; every failure shows the whole measured curve, so the report says where the
 * disk stood, not just that it fell short.
 *
 * <pre>{@code
 * import static dev.mayabench.assertj.FioAssertions.assertThat;
 * import static dev.mayabench.fio.SweepResult.whereP99AtMost;
 *
 * assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1))).isAtLeast(100_000);
 * assertThat(sweep).maxIops(whereLatencyAtMost(99.9, Duration.ofMillis(5))).isAtLeast(50_000);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class SweepResultAssert extends AbstractAssert<SweepResultAssert, SweepResult> {

    SweepResultAssert(SweepResult actual) {
        super(actual, SweepResultAssert.class);
    }

    /**
     * The most IOPS (read and write together) of a point that keeps {@code bound} in every direction
     * ({@link SweepResult#maxIops}); check it with {@link MaxIops#isAtLeast}.
     */
    public MaxIops maxIops(LatencyBound bound) {
        isNotNull();
        return new MaxIops(bound);
    }

    private String described() {
        SweepPoint first = actual.points().get(0);
        return "sweep of " + actual.points().size() + " point(s)" + first.result().profile().map(p -> " of " + p)
                .orElse("") + first.result().savedAt().map(p -> ", outputs in " + p.getParent()).orElse("");
    }

    /** The best IOPS under a latency bound; see {@link SweepResultAssert#maxIops}. */
    @API(status = API.Status.EXPERIMENTAL)
    public final class MaxIops {

        private final LatencyBound bound;

        private MaxIops(LatencyBound bound) {
            this.bound = bound;
        }

        /**
         * Asserts that some point keeps the bound and that the best such point reached at least {@code minimum}
         * IOPS.
         */
        public SweepResultAssert isAtLeast(double minimum) {
            Optional<SweepPoint> best = actual.maxIops(bound);
            String table = actual.table(bound.percentile()).indent(2);
            if (best.isEmpty()) {
                throw failure("%nExpecting the most IOPS of a point with %s in%n  %s%nto be at least %s, but no "
                                + "point keeps %s:%n%s", bound, described(), iops(minimum), bound, table);
            }
            if (best.get().iops() < minimum) {
                throw failure("%nExpecting the most IOPS of a point with %s in%n  %s%nto be at least %s, but the "
                                + "best such point, %s, has %s IOPS:%n%s", bound, described(), iops(minimum),
                        best.get().label(), iops(best.get().iops()), table);
            }
            return SweepResultAssert.this;
        }

        private static String iops(double value) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
    }
}
