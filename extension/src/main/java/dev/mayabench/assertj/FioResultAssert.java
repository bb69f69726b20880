package dev.mayabench.assertj;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
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
