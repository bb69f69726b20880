package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.SteadyState;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import org.junit.jupiter.api.Test;

/**
 * The steady-state code docs/thresholds-and-guardrails.md shows, compiled here so a renamed attribute breaks the
 * build. Not run: a 10-minute upper bound is meant for real storage (see {@code SnippetSteadyStateTest}, which
 * checks that the extension accepts its settings).
 */
@MayastorCluster(name = "docs-steady-state")
class SteadyStateSnippets {

    // tag::steady-state[]
    @Test
    @Fio(profile = "randwrite-4k", runtime = "10m",           // the upper bound: fio stops once steady
            steadyState = "iops_slope:0.3%", steadyStateDuration = "60s", steadyStateRamp = "30s")
    void steadyWrites(FioResult result) {
        assertThat(result).steadyState().isAttained();
        SteadyState ss = result.job("randwrite-4k").steadyState().orElseThrow();
        System.out.println(ss.describe() + " after " + result.write().runtime());
    }
    // end::steady-state[]
}
