package dev.mayabench.assertj;

import dev.mayabench.fio.FioResult;
import org.apiguardian.api.API;

/**
 * Entry point of mayabench's AssertJ assertions, like {@code org.assertj.core.api.Assertions}.
 *
 * <pre>{@code
 * import static dev.mayabench.assertj.FioAssertions.assertThat;
 *
 * assertThat(result).read()
 *         .hasIopsAtLeast(100_000)
 *         .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(1));
 * assertThat(result).job("randread-4k").write().hasBandwidthAtLeast(200 * 1024);
 * }</pre>
 */
@API(status = API.Status.STABLE)
public final class FioAssertions {

    private FioAssertions() {
    }

    /** Assertions on a whole fio result; navigate with {@code read()}, {@code write()}, {@code job(name)}. */
    public static FioResultAssert assertThat(FioResult actual) {
        return new FioResultAssert(actual);
    }

    /** Assertions on a sweep ({@code @FioSweep}): {@code assertThat(sweep).maxIops(whereP99AtMost(d)).isAtLeast(n)}. */
    @API(status = API.Status.EXPERIMENTAL)
    public static SweepResultAssert assertThat(dev.mayabench.fio.SweepResult actual) {
        return new SweepResultAssert(actual);
    }
}
