package dev.mayabench.docs.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.SteadyStateCriterion;
import dev.mayabench.junit.Fio;
import org.junit.jupiter.api.Test;

/** The steady-state snippet holds nothing the extension would refuse, and renders the fio options it shows. */
class SnippetSteadyStateTest {

    @Test
    void theSnippetsSteadyStateIsAcceptedAndFitsItsRuntime() throws Exception {
        Fio fio = SteadyStateSnippets.class.getDeclaredMethod("steadyWrites", dev.mayabench.fio.FioResult.class)
                .getAnnotation(Fio.class);
        SteadyStateCriterion ss = SteadyStateCriterion.parse(new SourcedValue(fio.steadyState(), "s"),
                new SourcedValue(fio.steadyStateDuration(), "d"), new SourcedValue(fio.steadyStateRamp(), "r"));
        FioJob job = FioJob.profile(fio.profile())
                .withOverrides(java.util.Map.of("runtime", new SourcedValue(fio.runtime(), "t")))
                .withSteadyState(ss, "s");

        assertThat(job.options()).containsEntry("steadystate", "iops_slope:0.3%").containsEntry("ss_dur", "60s")
                .containsEntry("ss_ramp", "30s");
    }
}
