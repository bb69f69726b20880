package com.example;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// The README example. Without cloud settings the provider is "local": real fio on this machine's disk;
// storageNodes and instance are validated and reported as not applicable there.
@MayastorCluster(storageNodes = 3, instance = "i3.2xlarge")
class ReplicatedVolumeBenchmarkTest {

    @Test
    @Fio(profile = "randread-4k", runtime = "5s", size = "128m")
    void randomReadIsFast(FioResult result) {
        assertThat(result).read()
                .hasIopsAtLeast(1_000)
                .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(100));
    }
}
