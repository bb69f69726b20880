package dev.mayabench.assertj;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the steady state of a run's jobs ({@code @Fio(steadyState = ...)}).
 *
 * <pre>{@code
 * FioAssertions.assertThat(result).steadyState().isAttained();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class SteadyStateAssert extends AbstractAssert<SteadyStateAssert, FioResult> {

    SteadyStateAssert(FioResult actual) {
        super(actual, SteadyStateAssert.class);
    }

    /**
     * Asserts that every job asked for steady state and fio saw each of them attain it; the failure names each
     * job that did not, with its criterion and the last value fio computed.
     */
    public SteadyStateAssert isAttained() {
        isNotNull();
        List<JobResult> unasked = actual.jobs().stream().filter(j -> j.steadyState().isEmpty()).toList();
        if (!unasked.isEmpty()) {
            throw failure("%nExpecting fio result%n  %s%nto have attained steady state, but these jobs did not ask "
                            + "for it (set @Fio(steadyState) and steadyStateDuration):%n  %s",
                    IoStatsAssert.where(actual), unasked.stream().map(JobResult::name).toList());
        }
        List<String> missed = actual.jobs().stream().filter(j -> !j.steadyState().orElseThrow().attained())
                .map(j -> j.name() + j.hostname().map(h -> "@" + h).orElse("") + ": "
                        + j.steadyState().orElseThrow().describe()).toList();
        if (!missed.isEmpty()) {
            throw failure("%nExpecting fio result%n  %s%nto have attained steady state, but %d job(s) did not:%n  %s",
                    IoStatsAssert.where(actual), missed.size(), String.join("\n  ", missed));
        }
        return this;
    }
}
