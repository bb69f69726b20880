package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;
import static dev.mayabench.fio.SweepResult.whereLatencyAtMost;
import static dev.mayabench.fio.SweepResult.whereP99AtMost;

import dev.mayabench.fio.LatencySearch;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.FioSweep;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The code docs/sweeps.md shows, compiled here. Not run: the figures asserted are those of a fast NVMe device,
 * which this build machine does not have (FioSweepExtensionTest runs sweeps for real on the local disk).
 */
@MayastorCluster(name = "docs-sweeps")
class SweepSnippets {

    // tag::depth-sweep[]
    @Test
    @Fio(profile = "randread-4k", runtime = "20s", numjobs = 1)
    @FioSweep(iodepth = {1, 2, 4, 8, 16, 32, 64})
    void depthCurve(SweepResult sweep) {
        assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1))).isAtLeast(100_000);
        assertThat(sweep).maxIops(whereLatencyAtMost(99.9, Duration.ofMillis(5))).isAtLeast(150_000);
        SweepPoint knee = sweep.knee("read").orElseThrow();   // most IOPS per unit of p99
        System.out.println("knee at " + knee.label() + ": " + knee.iops() + " IOPS");
    }
    // end::depth-sweep[]

    // tag::two-parameters[]
    @Test
    @Fio(profile = "randrw-4k", runtime = "20s")
    @FioSweep(iodepth = {1, 8, 32}, numjobs = {1, 4})          // six points: iodepth outermost
    void depthTimesJobs(SweepResult sweep) {
        for (SweepPoint point : sweep.points()) {
            System.out.println(point.label() + ": " + point.iops() + " IOPS, read p99 "
                    + point.latency("read", 99.0).orElseThrow());
        }
    }
    // end::two-parameters[]

    // tag::latency-target[]
    @Test
    @Fio(profile = "randread-4k", runtime = "60s", iodepth = 128, numjobs = 1)   // iodepth: the search's ceiling
    @FioSweep(latencyTarget = "1ms", latencyPercentile = 99.0, latencyWindow = "2s")
    void deepestQueueWithin1ms(SweepResult sweep) {
        LatencySearch search = sweep.points().get(0).latencySearches().get(0);
        System.out.println("fio settled on depth " + search.depth() + (search.settled() ? "" : " (not settled)"));
    }
    // end::latency-target[]
}
