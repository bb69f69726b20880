package com.example;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// Without a provider setting this runs on the local provider: real fio against files under target/.
// storageNodes and instance are for provider = "aws"; here they are checked and reported as not applicable.
@MayastorCluster(name = "readme", storageNodes = 3, instance = "i3.2xlarge")
class ReplicatedVolumeBenchmark {

    @Test
    // size = "4m" is far too small on purpose: fio reads the same 4 MiB over and over, so the console shows
    // the cache-risk guardrail. Give each job more data than it can read in the run for figures you can trust.
    @Fio(profile = "randread-4k", runtime = "3s", size = "4m", expect = "read.iops >= 100")
    void randomReadIsFast(FioResult result) {
        assertThat(result).read()
                .hasIopsAtLeast(100)
                .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(250));
    }
}
