package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Timeline;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The results-over-time code docs/thresholds-and-guardrails.md shows, compiled here so a renamed method breaks the
 * build. Not run here: the profile's 60 s are for real storage; {@code TimelineAgreesWithFioTest} in the extension
 * runs the same calls against real fio.
 */
@MayastorCluster(name = "docs-timeline")
class TimelineSnippets {

    // tag::timeline[]
    @Test
    @Fio(profile = "randrw-4k")
    void noStallsAndNoLatencySpikes(FioResult result) {
        assertThat(result).timeline().p99().isAtMostEverywhere(Duration.ofMillis(5));
        assertThat(result).timeline().iops().neverBelow(0.5).ofMedian();

        for (Timeline.Interval second : result.timeline().write()) {
            System.out.println(second);   // write 2.0 s: 4870 IOPS, 19.0 MiB/s, p99 412.0 µs
        }
    }
    // end::timeline[]

    // tag::expect-over-time[]
    @Test
    @Fio(profile = "randread-4k", logInterval = "500ms",
            expect = {"read.p99 <= 5ms everywhere", "read.iops >= 50% of median everywhere"})
    void noHalfSecondStallsOrSpikes(FioResult result) {
    }
    // end::expect-over-time[]
}
