package dev.mayabench.assertj;

import dev.mayabench.fio.BaselineComparison;
import dev.mayabench.fio.FioException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import java.util.List;
import java.util.NoSuchElementException;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link FioResult}: pick a direction over all jobs, or one job.
 *
 * <pre>{@code
 * FioAssertions.assertThat(result).read().hasIopsAtLeast(10_000);
 * FioAssertions.assertThat(result).job("seq").write().hasBandwidthAtLeast(100 * 1024);
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class FioResultAssert extends AbstractAssert<FioResultAssert, FioResult> {

    FioResultAssert(FioResult actual) {
        super(actual, FioResultAssert.class);
    }

    /** Read figures over all jobs. */
    public IoStatsAssert read() {
        isNotNull();
        return new IoStatsAssert(actual.read(), actual, "read of all jobs");
    }

    /** Write figures over all jobs. */
    public IoStatsAssert write() {
        isNotNull();
        return new IoStatsAssert(actual.write(), actual, "write of all jobs");
    }

    /** The steady state of every job ({@code @Fio(steadyState)}): {@code .steadyState().isAttained()}. */
    @API(status = API.Status.EXPERIMENTAL)
    public SteadyStateAssert steadyState() {
        isNotNull();
        return new SteadyStateAssert(actual);
    }

    /** The results over time ({@link FioResult#timeline()}): checks that must hold in every interval. */
    @API(status = API.Status.EXPERIMENTAL)
    public TimelineAssert timeline() {
        isNotNull();
        return new TimelineAssert(actual.timeline(), actual);
    }

    /** One job, by fio's jobname. */
    public JobResultAssert job(String name) {
        isNotNull();
        try {
            return new JobResultAssert(actual.job(name), actual);
        } catch (NoSuchElementException e) {
            throw failure("%nExpecting fio result%n  %s%nto have a job named%n  %s%nbut it has%n  %s",
                    IoStatsAssert.where(actual), name, actual.jobs().stream().map(JobResult::name).distinct().toList());
        }
    }

    /**
     * Asserts that no figure is worse than in {@code baseline} by more than {@code tolerance} (a fraction: 0.1 is
     * 10%): IOPS and bandwidth not lower, the given latency percentiles (default p99) not higher, for every
     * direction the baseline did I/O in. The failure shows every figure: baseline, now, change and verdict.
     */
    public FioResultAssert isNotWorseThan(FioResult baseline, double tolerance, double... percentiles) {
        isNotNull();
        BaselineComparison comparison;
        try {
            comparison = BaselineComparison.of(actual, baseline, tolerance, percentiles);
        } catch (FioException e) {
            throw failure("%nExpecting fio result%n  %s%nto be comparable with its baseline%n  %s%nbut: %s",
                    IoStatsAssert.where(actual), IoStatsAssert.where(baseline), e.getMessage());
        }
        List<BaselineComparison.Row> regressed = comparison.regressed();
        if (!regressed.isEmpty()) {
            throw failure("%nExpecting fio result%n  %s%nnot to be worse than its baseline%n  %s%nby more than "
                            + "%d%%, but %d figure(s) regressed:%n%s", IoStatsAssert.where(actual),
                    IoStatsAssert.where(baseline), Math.round(tolerance * 100), regressed.size(),
                    comparison.table().indent(2));
        }
        return this;
    }

    /**
     * {@link #isNotWorseThan} against the baseline stored for this test ({@code <baseline.dir>/<class>/<test>.json},
     * recorded with {@code -Dmayabench.baseline.update=true}).
     */
    public FioResultAssert isNotWorseThanBaseline(double tolerance, double... percentiles) {
        isNotNull();
        if (actual.baseline().isEmpty()) {
            throw failure("%nExpecting fio result%n  %s%nto have a stored baseline%nbut none was found for this "
                    + "test; record one with -Dmayabench.baseline.update=true (it is written under "
                    + "mayabench.baseline.dir, default src/test/baselines)", IoStatsAssert.where(actual));
        }
        return isNotWorseThan(actual.baseline().get(), tolerance, percentiles);
    }

    /** Asserts the number of jobs fio reported. */
    public FioResultAssert hasJobCount(int expected) {
        isNotNull();
        if (actual.jobs().size() != expected) {
            throw failure("%nExpecting fio result%n  %s%nto have %d job(s) but it has %d: %s",
                    IoStatsAssert.where(actual), expected, actual.jobs().size(),
                    actual.jobs().stream().map(JobResult::name).toList());
        }
        return this;
    }
}
