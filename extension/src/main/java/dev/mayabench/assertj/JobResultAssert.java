package dev.mayabench.assertj;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one fio job.
 *
 * <pre>{@code
 * FioAssertions.assertThat(result).job("randread-4k").read().hasIopsAtLeast(5_000);
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class JobResultAssert extends AbstractAssert<JobResultAssert, JobResult> {

    private final FioResult result;

    JobResultAssert(JobResult actual, FioResult result) {
        super(actual, JobResultAssert.class);
        this.result = result;
    }

    /** This job's read figures. */
    public IoStatsAssert read() {
        return new IoStatsAssert(actual.read(), result, "read of job '" + actual.name() + "'");
    }

    /** This job's write figures. */
    public IoStatsAssert write() {
        return new IoStatsAssert(actual.write(), result, "write of job '" + actual.name() + "'");
    }
}
