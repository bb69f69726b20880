package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pods' results-over-time code docs/thresholds-and-guardrails.md shows, compiled here so a renamed method
 * breaks the build. Not run here (it needs a cluster); {@code PodTimelineAgreesWithFioTest} in the extension runs
 * the same calls against the Mayastor simulator with real fio.
 */
@MayastorCluster(name = "docs-pod-timeline", provider = "existing", volumes = 3)
class PodTimelineSnippets {

    // tag::podTimeline[]
    @Test
    @Fio(profile = "randrw-4k")
    void everyPodKeptUp(FioResult result) {
        assertThat(result).timeline().iops().neverBelow(0.5).ofMedian();    // all pods together
        result.pods().forEach((pod, own) ->                                  // each pod, same time axis
                assertThat(own).timeline().p99().isAtMostEverywhere(Duration.ofMillis(5)));
    }
    // end::podTimeline[]
}
