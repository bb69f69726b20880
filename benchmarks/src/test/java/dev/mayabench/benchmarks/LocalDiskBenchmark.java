package dev.mayabench.benchmarks;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's benchmark: real fio on this machine's disk (the build directory, or {@code
 * -Dmayabench.local.dir=/mnt/nvme}), no cloud account needed. The thresholds are what any SSD, a cloud VM's
 * network disk, or a laptop clears comfortably; they catch a broken setup (a page cache that fakes the
 * figures off, a tmpfs without O_DIRECT, a disk that stalls), not a slow-but-working one. Runtimes are short
 * by default ({@code mayabench.fio.runtime}, 5 s in the pom) after the profiles' 2 s {@code ramp_time}.
 *
 * <p>Each test's data is larger than what its 5 s window moves, so no block is read twice and the measurement
 * guardrails stay quiet on a first run: the random profiles keep their 4 × 1 GiB (4k random I/O moved 1-1.2 GiB
 * in 5 s on the development machine, up to 3.5 GiB when a cache answers), the sequential ones get more, because
 * 128k streams moved 4.2 GiB (reads, 867 MiB/s) and 5.9 GiB (writes, 1.2 GiB/s) in 5 s there. Reads need their
 * data laid out first (the slow part of this class: 8 GiB for the sequential read); writes do not. For figures
 * worth comparing run with {@code -Dmayabench.fio.runtime=60s -Dmayabench.fio.size=32g} (60 s of a 500 MiB/s
 * stream moves 30 GiB).
 */
@MayastorCluster(name = "local-disk")
class LocalDiskBenchmark {

    @Test
    @Fio(profile = "randread-4k")
    void randomReadServesThousandsOfIopsWithBoundedTailLatency(FioResult result) {
        assertThat(result).read()
                .hasIopsAtLeast(1_000)
                .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(100));
    }

    @Test
    @Fio(profile = "randwrite-4k")
    void randomWriteServesThousandsOfIops(FioResult result) {
        assertThat(result).write()
                .hasIopsAtLeast(500)
                .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(200));
    }

    @Test
    @Fio(profile = "randrw-4k")
    void mixedRandomReadWriteKeepsBothDirectionsMoving(FioResult result) {
        assertThat(result).read().hasIopsAtLeast(500);
        assertThat(result).write().hasIopsAtLeast(200);
    }

    @Test
    @Fio(profile = "seqread-128k", size = "8g")
    void sequentialReadStreamsAtLeast50MiBPerSecond(FioResult result) {
        assertThat(result).read().hasBandwidthAtLeast(50 * 1024);
    }

    @Test
    @Fio(profile = "seqwrite-128k", size = "12g")
    void sequentialWriteStreamsAtLeast50MiBPerSecond(FioResult result) {
        assertThat(result).write().hasBandwidthAtLeast(50 * 1024);
    }
}
