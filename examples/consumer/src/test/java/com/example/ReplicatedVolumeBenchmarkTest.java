package com.example;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

// Without cloud settings the provider is "local": real fio on this machine's disk; storageNodes and instance are
// validated and reported as not applicable there. With -Dmayabench.provider=aws (and the AWS settings) the same
// class runs on a Mayastor cluster it creates.
@MayastorCluster(storageNodes = 3, instance = "i3.2xlarge")
class ReplicatedVolumeBenchmarkTest {

    // A threshold: checked after the test, reported as a table of limit, measured value and verdict.
    @Test
    @Fio(profile = "randread-4k", runtime = "5s", size = "128m", expect = {"read.iops >= 500", "read.p99 < 200ms"})
    void randomReadIsFast(FioResult result) {
        assertThat(result).read().hasLatencyPercentileAtMost(99.9, Duration.ofMillis(500));
    }

    // A baseline: src/test/baselines/com.example.ReplicatedVolumeBenchmarkTest/randomWriteKeepsUp.json, recorded
    // with -Dmayabench.baseline.update=true and committed. Every run is compared with it: the "change vs baseline"
    // table in the log and in the report, and the regression summary at the end of the build. To gate a release on
    // it, assert assertThat(result).isNotWorseThanBaseline(0.10) - after recording the baseline on the machine that
    // runs the gate: this one was recorded once on the machine that wrote the example, so here it is shown, not
    // asserted (a shared machine measured the same job 40% apart between two runs).
    @Test
    @Fio(profile = "randwrite-4k", runtime = "5s", size = "128m", expect = "write.iops >= 500")
    void randomWriteKeepsUp(FioResult result) {
        Assertions.assertTrue(result.baseline().isPresent(), "the recorded baseline is found and compared");
    }
}
