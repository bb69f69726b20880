package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A sweep on Kubernetes (the Mayastor simulator on fabric8's mock server, fio pods running real fio): each point
 * runs its pods the way a single {@code @Fio} run does, and its result merges every pod.
 */
class KubernetesSweepTest {

    static final Map<String, SweepResult> SWEEPS = new ConcurrentHashMap<>();
    static final List<String> PROPERTIES = List.of("mayabench.kubeconfig", "mayabench.mayastor.poolDisk",
            "mayabench.results.dir");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        SWEEPS.clear();
        PROPERTIES.forEach(System::clearProperty);
    }

    @MayastorCluster(name = "kube-sweep", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class TwoVolumes {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                numjobs = 1)
        @FioSweep(bs = {"4k", "16k"})
        void blockSizes(SweepResult sweep) {
            SWEEPS.put("sweep", sweep);
        }
    }

    @Test
    void eachPointRunsOnePodPerVolumeAndMergesThem() throws Exception {
        try (MayastorSimulator simulator = MayastorSimulator.builder().storageNodes("storage-1", "storage-2",
                "storage-3").clientNodes("worker-1").mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2)
                .workDirectory(dir.resolve("cluster")).start()) {
            System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
            // persistent links: the simulated core agent (Mayastor 2.9.1) refuses bare device names, as the real one
            System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                    + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
            FreshWorkspace.of("kube-sweep");
            Path results = dir.resolve("results");
            System.setProperty("mayabench.results.dir", results.toString());

            EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoVolumes.class)).execute().allEvents()
                    .assertThatEvents().haveExactly(1, event(test("blockSizes"), finishedSuccessfully()));

            SweepResult sweep = SWEEPS.get("sweep");
            assertThat(sweep.points()).extracting(SweepPoint::label).containsExactly("bs=4k", "bs=16k");
            for (SweepPoint point : sweep.points()) {
                assertThat(point.result().pods()).as("pods of %s", point.label()).hasSize(2);
                long blockSize = Long.parseLong(point.parameters().get("bs").replace("k", "")) * 1024;
                assertThat(point.result().read().ioBytes()).as("bytes per I/O of %s", point.label())
                        .isEqualTo(point.result().read().totalIos() * blockSize);
            }
            // the suite summary: per point, one row per pod (its name in pod) and the aggregate of both pods
            List<String> rows = new java.util.ArrayList<>();
            for (Map<String, String> row : SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV))) {
                rows.add(row.get("point") + " | " + row.get("job").replaceAll("@ .*", "@") + " | " + row.get("pod")
                        .isEmpty() + " | " + row.get("clone") + " | " + row.get("verdict"));
                if (!row.get("pod").isEmpty()) {
                    assertThat(row.get("job")).endsWith(" @ " + row.get("pod"));
                    // a pod of that point (each point runs its own pods)
                    SweepPoint point = sweep.points().stream().filter(p -> row.get("point").equals("bs="
                            + p.parameters().get("bs"))).findFirst().orElseThrow();
                    assertThat(point.result().pods()).containsKey(row.get("pod"));
                }
            }
            assertThat(rows).containsExactly(
                    "bs=4k | randread-4k @ | false | 1 | pending", "bs=4k | randread-4k @ | false | 1 | pending",
                    "bs=4k | all jobs | true |  | pending",
                    "bs=16k | randread-4k @ | false | 1 | pending", "bs=16k | randread-4k @ | false | 1 | pending",
                    "bs=16k | all jobs | true |  | pending",
                    "bs=4k | randread-4k @ | false | 1 | passed", "bs=4k | randread-4k @ | false | 1 | passed",
                    "bs=4k | all jobs | true |  | passed",
                    "bs=16k | randread-4k @ | false | 1 | passed", "bs=16k | randread-4k @ | false | 1 | passed",
                    "bs=16k | all jobs | true |  | passed");
            assertThat(simulator.leftovers("mayabench")).as("mayabench's objects in the simulated cluster").isEmpty();
        }
    }

    @MayastorCluster(name = "kube-sweep", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class TwoVolumesSearching {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "3s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                numjobs = 1, iodepth = 2)
        @FioSweep(latencyTarget = "1s", latencyWindow = "200ms")
        void search(SweepResult sweep) {
            SWEEPS.put("search", sweep);
        }
    }

    /**
     * Each pod's fio searches on its own volume: the point has one search per pod, read from that pod's output, and
     * each pod's summary row carries its own. (A 1 s target is met at every depth, so every pod's search climbs to
     * the job's iodepth; the per-pod reading of two different searches is proven in SweepSummaryTest.)
     */
    @Test
    void aLatencySearchOnSeveralPodsIsReadFromEveryPod() throws Exception {
        try (MayastorSimulator simulator = MayastorSimulator.builder().storageNodes("storage-1", "storage-2",
                "storage-3").clientNodes("worker-1").mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2)
                .workDirectory(dir.resolve("cluster")).start()) {
            System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
            System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                    + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
            FreshWorkspace.of("kube-sweep");
            Path results = dir.resolve("results");
            System.setProperty("mayabench.results.dir", results.toString());

            EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoVolumesSearching.class)).execute()
                    .allEvents().assertThatEvents().haveExactly(1, event(test("search"), finishedSuccessfully()));

            SweepPoint point = SWEEPS.get("search").points().get(0);
            assertThat(point.result().pods()).hasSize(2);
            assertThat(point.latencySearches()).extracting(s -> s.pod().orElseThrow())
                    .containsExactlyElementsOf(point.result().pods().keySet());
            assertThat(point.latencySearches()).allSatisfy(s -> assertThat(s.depth()).isEqualTo(2));
            List<Map<String, String>> podRows = SuiteSummaryTest.readCsv(results.resolve(SuiteSummary.CSV)).stream()
                    .filter(r -> !r.get("pod").isEmpty()).toList();
            assertThat(podRows).extracting(r -> r.get("pod") + " " + r.get("latency_depth") + " " + r.get("verdict"))
                    .containsExactlyInAnyOrderElementsOf(point.result().pods().keySet().stream()
                            .flatMap(pod -> java.util.stream.Stream.of(pod + " 2 pending", pod + " 2 passed"))
                            .toList());
            assertThat(simulator.leftovers("mayabench")).as("mayabench's objects in the simulated cluster").isEmpty();
        }
    }
}
