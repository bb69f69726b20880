package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of steady state that need the job: the window must fit in the run; and the message of the
 * {@code no-steady-state} guardrail (made in {@link Guardrails}, where the docs module reads the ids).
 */
final class SteadyStateCheck {

    private SteadyStateCheck() {
    }

    /**
     * Refuses a window that cannot fit: fio needs {@code ss_ramp} plus {@code ss_dur} one-second samples
     * (axboe/fio steadystate.c: collection starts once {@code ss_ramp} has passed and the check runs only when
     * the window's buffer is full), and a time-based job lasts {@code ramp_time + runtime}. A job without a
     * plain {@code runtime} is left alone (it runs until its size is done, how long that is is not known).
     */
    static void fits(SteadyStateCriterion criterion, String origin, List<Map<String, String>> jobs) {
        Duration needed = criterion.window().plus(criterion.ramp());
        for (Map<String, String> job : jobs) {
            Optional<Duration> runtime = FioTime.parse(job.get("runtime"));
            if (runtime.isEmpty()) {
                continue;
            }
            Duration lasts = runtime.get().plus(FioTime.parse(job.get("ramp_time")).orElse(Duration.ZERO));
            if (lasts.compareTo(needed) < 0) {
                throw new ConfigurationException(new Problem(origin, criterion.fioCriterion() + " over "
                        + criterion.window().getSeconds() + "s" + (criterion.ramp().isZero() ? ""
                        : " after " + criterion.ramp().toMillis() + "ms"),
                        "a steady-state window (plus its ramp) that fits in the run: ramp_time + runtime = "
                                + lasts.toSeconds() + "s here",
                        "steady state needs " + needed.toSeconds() + "s but the job runs "
                                + lasts.toSeconds() + "s: raise runtime to at least "
                                + needed.toSeconds() + "s (fio stops earlier once steady; runtime is the upper "
                                + "bound) or shorten steadyStateDuration"));
            }
        }
    }

    /** The {@code no-steady-state} finding's message for a job that asked for steady state and never got it. */
    static String notAttained(JobResult job, SteadyState ss) {
        return "job " + job.name() + job.hostname().map(h -> "@" + h).orElse("") + " never reached steady state ("
                + ss.describe() + "), so its figures were still moving when runtime ran out; raise runtime, "
                + "loosen the criterion, or precondition the storage first";
    }
}
