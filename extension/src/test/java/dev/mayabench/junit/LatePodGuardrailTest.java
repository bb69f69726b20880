package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/**
 * A pod that started late, end to end: the simulated kubelet of the second fio pod projects the start annotation
 * into its downwardAPI file 9 s after it was set (the simulator's {@code lateDownwardApi} fault; a real kubelet
 * may take up to its 1 min sync period), the workload stage gives the pods 5-6 s to see it, so that pod starts
 * 3-4 s after the first. Both run 4 s of real fio; under {@code mayabench.strict} the guardrail from their interval
 * logs fails the test, naming the pods and their windows.
 */
class LatePodGuardrailTest {

    private static final List<String> PROPERTIES = List.of("mayabench.kubeconfig", "mayabench.mayastor.poolDisk",
            "mayabench.strict");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @MayastorCluster(name = "kube-late-pod", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class TwoPodsOneLate {
        @Test
        @Fio(profile = "randread-4k", runtime = "4s", rampTime = "2s", size = "8m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1)
        void randomRead() {
        }
    }

    @Test
    void aPodThatStartedLateFailsAStrictRunNamingThePodsAndTheirWindows() throws Exception {
        try (MayastorSimulator simulator = MayastorSimulator.builder().storageNodes("storage-1", "storage-2",
                        "storage-3").clientNodes("worker-1").mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2)
                .lateDownwardApi("-1", Duration.ofSeconds(9)).workDirectory(dir.resolve("cluster")).start()) {
            System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
            System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                    + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
            System.setProperty("mayabench.strict", "true");

            Events events = KubernetesPipelineTest.run(TwoPodsOneLate.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedWithFailure(message(m ->
                    m.contains("pods-not-overlapping: the fio pods measured together for only")
                            && m.matches("(?s).*mb-randomread-[0-9a-f]{6}-0 0\\.0-\\d\\.\\d s.*")
                            && m.matches("(?s).*mb-randomread-[0-9a-f]{6}-1 [2-5]\\.\\d-\\d\\.\\d s.*")))));
            assertThat(simulator.leftovers("mayabench")).isEmpty();
        }
    }
}
