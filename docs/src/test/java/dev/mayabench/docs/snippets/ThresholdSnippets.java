package dev.mayabench.docs.snippets;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import org.junit.jupiter.api.Test;

/**
 * The code docs/thresholds-and-guardrails.md shows, compiled here so a renamed attribute breaks the build. Not run:
 * its limits are meant for real storage (200k IOPS), not for this build machine. Surefire does not pick it up (its
 * name does not end in Test), and the class's cluster name keeps it apart if an IDE runs it.
 */
@MayastorCluster(name = "docs-thresholds")
class ThresholdSnippets {

    // tag::declared-thresholds[]
    @Test
    @Fio(profile = "randread-4k", expect = {"read.iops >= 200k", "read.p99 < 2ms", "read.bw >= 1GiB/s"})
    void randomRead(FioResult result) { }
    // end::declared-thresholds[]

    // tag::class-thresholds[]
    @MayastorCluster(name = "nightly")
    @Fio(expect = "read.p99.9 < 5ms")             // every test of the class
    class NightlyReads {
        @Test
        @Fio(profile = "randread-4k", expect = {"job[randread-4k].read.iops >= 50k", "read.p99 < 2ms"})
        void randomRead(FioResult result) { }
    }
    // end::class-thresholds[]
}
