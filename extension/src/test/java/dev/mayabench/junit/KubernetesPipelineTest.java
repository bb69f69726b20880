package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import dev.mayabench.kube.HelmException;
import dev.mayabench.kube.KubeException;
import dev.mayabench.kube.KubeWaitTimeoutException;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The Kubernetes stages end to end through the Jupiter engine, on the {@code existing} provider against the
 * Mayastor simulator (fabric8's mock API server with controllers; each fio pod's command runs as a real local
 * process with real fio): deploy, fio pods started together, their results merged, teardown; and each fault a
 * clear failure with evidence, after which the simulated cluster holds nothing of mayabench's.
 */
class KubernetesPipelineTest {

    static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();
    static final List<String> PROPERTIES = List.of("mayabench.kubeconfig", "mayabench.mayastor.poolDisk",
            "mayabench.kube.timeout", "mayabench.kube.helmMirror", "mayabench.storageClass");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        RECEIVED.clear();
        PROPERTIES.forEach(System::clearProperty);
    }

    /** Runs the class from a fresh workspace: a failed earlier run's records must not leak into this one. */
    static Events run(Class<?> testClass) {
        FreshWorkspace.of(testClass.getAnnotation(MayastorCluster.class).name());
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().allEvents();
    }

    private MayastorSimulator.Builder cluster() {
        return MayastorSimulator.builder().storageNodes("storage-1", "storage-2", "storage-3")
                .clientNodes("worker-1").mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2)
                .workDirectory(dir.resolve("cluster"));
    }

    private void use(MayastorSimulator simulator) throws Exception {
        System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
        // persistent links: the simulated core agent (Mayastor 2.9.1) refuses bare device names, as the real one
        System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
    }

    private static void assertNothingLeft(MayastorSimulator simulator) {
        assertThat(simulator.leftovers("mayabench")).as("mayabench's objects in the simulated cluster").isEmpty();
        assertThat(simulator.leftovers("mayastor")).as("pools and StorageClass").isEmpty();
        for (Node node : simulator.client().nodes().list().getItems()) {
            assertThat(node.getMetadata().getLabels()).as("labels of " + node.getMetadata().getName())
                    .doesNotContainKeys("openebs.io/engine", "mayabench.dev/fio-client");
        }
    }

    @MayastorCluster(name = "kube-three-pods", provider = "existing", storageNodes = 3, replicas = 3, volumes = 3)
    static class ThreeVolumes {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "2s", size = "8m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 1)
        void randomRead(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @Test
    void existingClusterGetsPoolsAndAStorageClassAndTheTestReceivesTheMergedResultOfEveryPod() throws Exception {
        try (MayastorSimulator simulator = cluster().start()) {
            use(simulator);

            Events events = run(ThreeVolumes.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedSuccessfully()));
            FioResult result = (FioResult) RECEIVED.get("result");
            assertThat(result.jobs()).as("one fio job per pod").hasSize(3);
            assertThat(result.read().iops()).isCloseTo(result.jobs().stream().mapToDouble(j -> j.read().iops()).sum(),
                    org.assertj.core.api.Assertions.withinPercentage(1e-9));
            assertThat(result.jobs()).allSatisfy(j -> assertThat(j.read().totalIos()).isPositive());
            assertThat(result.pods()).as("per-pod results").hasSize(3)
                    .allSatisfy((pod, r) -> assertThat(pod).startsWith("mb-randomread-"));
            assertThat(result.read().totalIos()).isEqualTo(result.pods().values().stream()
                    .mapToLong(p -> p.read().totalIos()).sum());
            try (Stream<Path> files = Files.walk(Locations.resultsRoot())) {
                assertThat(files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("randomRead-mb-randomread-") && n.endsWith(".json")))
                        .as("one fio output per pod").hasSizeGreaterThanOrEqualTo(3);
            }
            String deployLog = Files.readString(Locations.workspaceOf("kube-three-pods").resolve("logs/deploy.log"));
            assertThat(deployLog).contains("Mayastor 2.9.1 already runs").contains("pool API: DiskPool openebs.io/v1beta2")
                    .contains("created StorageClass mayabench-kube-three-pods {repl=3, protocol=nvmf, fsType=ext4, thin=false}")
                    .contains("DiskPool mayabench-storage-3 Online: done");
            assertNothingLeft(simulator);
        }
    }

    @MayastorCluster(name = "kube-faulted-pool", provider = "existing", storageNodes = 3)
    static class OnAFaultedPool {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m")
        void neverRuns(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void aPoolThatStaysFaultedFailsTheClassWithItsStatusAndEventsAndLeavesNothing() throws Exception {
        try (MayastorSimulator simulator = cluster().faultPool("storage-2").start()) {
            use(simulator);
            System.setProperty("mayabench.kube.timeout", "10s");

            Events events = run(OnAFaultedPool.class);

            events.assertThatEvents().haveExactly(1, event(container(OnAFaultedPool.class), finishedWithFailure(
                    message(m -> m.contains("waited 10.0 s for DiskPool mayabench-storage-2 to be Online")
                            && m.contains("pool_status Faulted") && m.contains("evidence: ")
                            && m.contains("teardown after the failure: done")))));
            assertThat(RECEIVED).doesNotContainKey("ran");
            try (Stream<Path> evidence = Files.list(Locations.workspaceOf("kube-faulted-pool")
                    .resolve("logs/evidence"))) {
                Path file = evidence.filter(p -> p.getFileName().toString().startsWith("pool-mayabench-storage-2"))
                        .findFirst().orElseThrow();
                assertThat(Files.readString(file)).contains("pool_status: \"Faulted\"").contains("Warning");
            }
            assertNothingLeft(simulator);
        }
    }

    @MayastorCluster(name = "kube-unbound", provider = "existing", storageNodes = 3)
    static class WithVolumesThatNeverBind {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m")
        void randomRead(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void aVolumeThatNeverBindsFailsTheTestNamingTheClaimAndTheRunIsCleanedUp() throws Exception {
        try (MayastorSimulator simulator = cluster().neverBind().start()) {
            use(simulator);
            System.setProperty("mayabench.kube.timeout", "10s");

            Events events = run(WithVolumesThatNeverBind.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedWithFailure(
                    instanceOf(KubeWaitTimeoutException.class),
                    message(m -> m.contains("waited 10.0 s for 1 PVC(s) of StorageClass mayabench-kube-unbound to be "
                            + "Bound; last seen: mb-randomread-") && m.contains("evidence: ")))));
            assertThat(RECEIVED).doesNotContainKey("ran");
            assertNothingLeft(simulator);
        }
    }

    @MayastorCluster(name = "kube-failing-pod", provider = "existing", storageNodes = 3)
    static class WithAFailingPod {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m")
        void randomRead(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void aFailedFioPodFailsTheTestAtOnceWithItsExitCodeAndLog() throws Exception {
        try (MayastorSimulator simulator = cluster().failPods().start()) {
            use(simulator);

            Events events = run(WithAFailingPod.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedWithFailure(
                    instanceOf(KubeException.class),
                    message(m -> m.contains("fio pod mb-randomread") && m.contains("failed exit code 1")
                            && m.contains("evidence: ")))));
            assertNothingLeft(simulator);
        }
    }

    @MayastorCluster(name = "kube-no-mayastor", provider = "existing", storageNodes = 3)
    static class WithoutMayastor {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m")
        void neverRuns(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void aHelmFailureFailsTheDeployStageSayingHowToGetHelmAndUndoesTheLabels() throws Exception {
        com.sun.net.httpserver.HttpServer mirror = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        mirror.start();
        try (MayastorSimulator simulator = MayastorSimulator.builder().storageNodes("storage-1", "storage-2",
                "storage-3").clientNodes("worker-1").mayastorNotInstalled().workDirectory(dir.resolve("c")).start()) {
            use(simulator);
            String url = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/";
            System.setProperty("mayabench.kube.helmMirror", url);

            Events events = run(WithoutMayastor.class);

            events.assertThatEvents().haveExactly(1, event(container(WithoutMayastor.class), finishedWithFailure(
                    message(m -> m.contains("deploy: failed after") && m.contains("cannot be downloaded from " + url)
                            && m.contains("HTTP 404") && m.contains("install helm")
                            && m.contains("teardown after the failure: done; still there: nothing")))));
            assertThat(RECEIVED).doesNotContainKey("ran");
            assertNothingLeft(simulator);
        } finally {
            mirror.stop(0);
        }
    }

    @MayastorCluster(name = "kube-raw-block", provider = "existing", storageNodes = 3, volumes = 2)
    static class OnRawBlockVolumes {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", size = "8m", volumeMode = dev.mayabench.fio.VolumeMode.BLOCK,
                idleProf = "system", numjobs = 1)
        void randomWrite(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @Test
    void rawBlockVolumesAreClaimedAsBlockDevicesAndIdleProfilingRunsInThePods() throws Exception {
        try (MayastorSimulator simulator = cluster().start()) {
            use(simulator);
            System.setProperty("mayabench.kube.keep", "true");
            try {
                Events events = run(OnRawBlockVolumes.class);

                events.assertThatEvents().haveExactly(1, event(test("randomWrite"), finishedSuccessfully()));
            } finally {
                System.clearProperty("mayabench.kube.keep");
            }
            FioResult result = (FioResult) RECEIVED.get("result");
            assertThat(result.write().totalIos()).isPositive();
            assertThat(result.cpuIdleness()).as("fio --idle-prof in every pod, the busiest one reported").isPresent();
            var claims = simulator.client().persistentVolumeClaims().inNamespace("mayabench").list().getItems();
            assertThat(claims).as("kept by kube.keep").hasSize(2)
                    .allSatisfy(c -> assertThat(c.getSpec().getVolumeMode()).isEqualTo("Block"));
            var pods = simulator.client().pods().inNamespace("mayabench").list().getItems();
            assertThat(pods).hasSize(2).allSatisfy(p -> {
                var container = p.getSpec().getContainers().get(0);
                assertThat(container.getVolumeDevices()).singleElement()
                        .satisfies(d -> assertThat(d.getDevicePath()).isEqualTo("/dev/mayabench"));
                assertThat(container.getVolumeMounts()).noneMatch(m -> m.getName().equals("data"));
            });
            assertThat(simulator.client().configMaps().inNamespace("mayabench").list().getItems()).singleElement()
                    .satisfies(c -> assertThat(c.getData().get("job.fio")).contains("filename=${MAYABENCH_DEVICE}")
                            .doesNotContain("directory="));
        }
    }

    @MayastorCluster(name = "kube-local-path", provider = "existing", storageClass = "standard", volumes = 2)
    static class OnAnotherStorageClass {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m", ioengine = "psync", direct = 0, numjobs = 1)
        void randomRead(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @MayastorCluster(name = "kube-mayastor-vs-local", provider = "existing", storageNodes = 3, volumes = 2)
    static class SameJobOnMayastor {
        @org.junit.jupiter.api.Test
        @Fio(runtime = "1s", size = "8m", ioengine = "psync", direct = 0, numjobs = 1)
        void randomRead(FioResult result) {
            RECEIVED.put("mayastor", result);
        }
    }

    @Test
    void aRunOnALocalStorageClassBecomesTheLocalDiskReferenceOfTheSameJobElsewhere() throws Exception {
        try (MayastorSimulator simulator = cluster().start()) {
            use(simulator);
            localPathClass(simulator);

            run(OnAnotherStorageClass.class);
            Events events = run(SameJobOnMayastor.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedSuccessfully()));
            FioResult onMayastor = (FioResult) RECEIVED.get("mayastor");
            assertThat(onMayastor.localDisk()).as("the local-path run of the same job").hasValueSatisfying(ref -> {
                assertThat(ref.storageClass()).isEqualTo("standard");
                assertThat(ref.result().read().totalIos()).isEqualTo(
                        ((FioResult) RECEIVED.get("result")).read().totalIos());
            });
        }
    }

    private static void localPathClass(MayastorSimulator simulator) {
        simulator.client().storage().v1().storageClasses().resource(
                new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder().withNewMetadata()
                        .withName("standard").endMetadata().withProvisioner("rancher.io/local-path")
                        .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
    }

    @Test
    void anyStorageClassIsBenchmarkedAsItIsWithoutDeployingMayastor() throws Exception {
        try (MayastorSimulator simulator = cluster().mayastorNotInstalled().start()) {
            use(simulator);
            localPathClass(simulator);

            Events events = run(OnAnotherStorageClass.class);

            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedSuccessfully()));
            assertThat(((FioResult) RECEIVED.get("result")).jobs()).extracting(JobResult::name).hasSize(2);
            assertThat(Files.readString(Locations.workspaceOf("kube-local-path").resolve("logs/deploy.log")))
                    .contains("storageClass standard given (provisioner rancher.io/local-path): benchmarking it as it is");
            assertThat(simulator.leftovers("mayabench")).as("only the user's own class is left")
                    .containsExactly("StorageClass/standard");
        }
    }
}
