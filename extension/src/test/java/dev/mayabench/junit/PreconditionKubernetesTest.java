package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * On Kubernetes a preconditioned run measures the cluster's kept volumes (kube.KeptVolumes, PreconditionStep's class
 * comment): the first run's pods fill them before they report ready, a later run of the same volumes (same
 * files, or any job on a raw block volume) finds the fill recorded on the claims and skips it, also in another
 * extension instance of a kept cluster whose workspace was lost, and teardown deletes the kept claims. All pods
 * still start measuring together. Driven like KubernetesPipelineTest: the Mayastor simulator runs every pod's
 * script as a real process with real fio.
 */
class PreconditionKubernetesTest {

    private static final long DATA_FILE = 4L * 1024 * 1024;
    private static final long BLOCK_VOLUME = 8L * 1024 * 1024;
    private static final Map<String, FioResult> RECEIVED = new ConcurrentHashMap<>();
    /** The kept claims as the last test of a class saw them, with their annotations. */
    private static final List<PersistentVolumeClaim> KEPT = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile MayastorSimulator running;

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        KubernetesPipelineTest.PROPERTIES.forEach(System::clearProperty);
        RECEIVED.clear();
        KEPT.clear();
        running = null;
    }

    private static void seeKeptClaims() {
        KEPT.clear();
        KEPT.addAll(running.client().persistentVolumeClaims().inNamespace("mayabench")
                .withLabel("mayabench.dev/kept-volume", "true").list().getItems());
    }

    @MayastorCluster(name = "precondition-kube", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WriteOnMayastor {
        @org.junit.jupiter.api.Test
        @Order(1)
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential+random")
        void randomWrite(FioResult result) {
            RECEIVED.put("randomWrite", result);
        }

        /** The same data files as randomWrite's (the profile's job name, size and numjobs): covered by its fill. */
        @org.junit.jupiter.api.Test
        @Order(2)
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 2, numjobs = 1, precondition = "sequential+random")
        void randomWriteAgain(FioResult result) {
            RECEIVED.put("randomWriteAgain", result);
        }

        /** Other data files on the same kept volumes: not covered, so they are filled, once. */
        @org.junit.jupiter.api.Test
        @Order(3)
        @Fio(profile = "seqwrite-128k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential+random")
        void sequentialWrite(FioResult result) {
            RECEIVED.put("sequentialWrite", result);
            seeKeptClaims();
        }
    }

    @Test
    void theFirstRunFillsTheKeptVolumesAndALaterRunOnTheSameFilesSkipsTheFill() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(WriteOnMayastor.class);

            EngineExecutionResults run = run(WriteOnMayastor.class);

            run.testEvents().assertStatistics(s -> s.succeeded(3));
            Map<String, List<String>> entries = PreconditionExtensionTest.entries(run, PreconditionStep.ENTRY);
            assertThat(PreconditionExtensionTest.entries(run, MayabenchExtension.NOT_APPLICABLE_ENTRY)).isEmpty();
            Map<String, String> dataFiles = Map.of("randomWrite", "randwrite-4k.0.0", "sequentialWrite",
                    "seqwrite-128k.0.0");   // fio's name for the data file of the profile's job: the file measured
            for (String test : List.of("randomWrite", "sequentialWrite")) {
                assertThat(entries.get(test)).as("the report entry of %s", test).singleElement().asString()
                        .startsWith("done in 2 of 2 pod(s) before the measured run " + test)
                        .contains("sequential+random of volume mb-precondition-kube-")
                        .contains("write 1m: 4.0 MiB in", "randwrite 4k: 4.0 MiB in");
                List<Preconditioning> fills = fills(results, test);
                assertThat(fills).as("one fill per pod of %s (volumes = 2)", test).hasSize(2);
                for (Preconditioning fill : fills) {
                    assertThat(fill.mode()).isEqualTo("sequential+random");
                    assertThat(fill.targetBytes()).isEqualTo(DATA_FILE);
                    assertThat(fill.passes()).extracting(Preconditioning.PassResult::name)
                            .containsExactly("precondition-sequential", "precondition-random");
                    assertThat(fill.passes()).as("fio's io_bytes of each pass: the data file, every byte once")
                            .allSatisfy(p -> assertThat(p.bytesWritten()).isEqualTo(DATA_FILE));
                    assertThat(fill.target()).contains("files /data: " + dataFiles.get(test) + " " + DATA_FILE);
                }
                assertFilledBeforeAllPodsStartedTogether(results, test);
            }

            assertThat(entries.get("randomWriteAgain")).as("the report entry of the second run on the same files")
                    .singleElement().asString()
                    .startsWith("already done, not repeated, on every volume of randomWriteAgain")
                    .contains("already filled by randomWrite (run mb-randomwrite-")
                    .contains("sequential+random of volume mb-precondition-kube-");
            assertThat(fills(results, "randomWriteAgain")).as("no pod of the second run filled").isEmpty();
            assertNoFillAndAllPodsStartedTogether(results, "randomWriteAgain");
            for (String test : List.of("randomWrite", "randomWriteAgain", "sequentialWrite")) {
                assertThat(RECEIVED.get(test).write().ioBytes()).as("the measured run of %s", test).isPositive();
            }
            assertThat(claimsMeasured(results, "randomWrite")).as("every run measured the same two kept claims")
                    .hasSize(2).isEqualTo(claimsMeasured(results, "randomWriteAgain"))
                    .isEqualTo(claimsMeasured(results, "sequentialWrite"));

            assertThat(KEPT).as("the kept claims while the cluster lived").hasSize(2).allSatisfy(claim -> {
                assertThat(claim.getMetadata().getLabels()).containsEntry("mayabench.dev/cluster",
                        "precondition-kube").containsEntry("mayabench.dev/kept-volume", "true")
                        .doesNotContainKey("mayabench.dev/run");
                assertThat(claim.getMetadata().getAnnotations().keySet())
                        .filteredOn(key -> key.startsWith("precondition.mayabench.dev/"))
                        .as("one fill record per data files filled").hasSize(2);
            });
            assertThat(simulator.leftovers("mayabench")).as("mayabench's objects after teardown, kept claims and "
                    + "their volumes included").isEmpty();
        }
    }

    @MayastorCluster(name = "precondition-kube-block", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 2, volumeSize = "8Mi")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class WriteOnRawMayastorVolumes {
        @org.junit.jupiter.api.Test
        @Order(1)
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, volumeMode = VolumeMode.BLOCK, precondition = "sequential")
        void rawRandomWrite(FioResult result) {
            RECEIVED.put("rawRandomWrite", result);
        }

        /** Another job on the same raw volumes: the fill wrote the whole device, so it covers any job. */
        @org.junit.jupiter.api.Test
        @Order(2)
        @Fio(profile = "seqwrite-128k", runtime = "1s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, volumeMode = VolumeMode.BLOCK, precondition = "sequential")
        void rawSequentialWrite(FioResult result) {
            RECEIVED.put("rawSequentialWrite", result);
        }
    }

    @Test
    void onARawBlockVolumeTheFillWritesTheWholeClaimOnceForEveryJob() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(WriteOnRawMayastorVolumes.class);

            EngineExecutionResults run = run(WriteOnRawMayastorVolumes.class);

            run.testEvents().assertStatistics(s -> s.succeeded(2));
            List<Preconditioning> fills = fills(results, "rawRandomWrite");
            assertThat(fills).hasSize(2).allSatisfy(fill -> {
                assertThat(fill.targetBytes()).isEqualTo(BLOCK_VOLUME);
                assertThat(fill.target()).contains("raw block /dev/mayabench");
                assertThat(fill.passes()).singleElement().satisfies(p -> {
                    assertThat(p.how()).isEqualTo("write 1m");
                    assertThat(p.bytesWritten()).as("fio's io_bytes: the whole 8Mi claim").isEqualTo(BLOCK_VOLUME);
                });
            });
            assertThat(results.resolve("rawRandomWrite-precondition-sequential.fio")).content()
                    .contains("filename=${MAYABENCH_DEVICE}").doesNotContain("size=");
            assertFilledBeforeAllPodsStartedTogether(results, "rawRandomWrite");
            assertThat(fills(results, "rawSequentialWrite")).as("another job on the filled devices").isEmpty();
            assertThat(PreconditionExtensionTest.entries(run, PreconditionStep.ENTRY).get("rawSequentialWrite"))
                    .singleElement().asString().startsWith("already done, not repeated")
                    .contains("already filled by rawRandomWrite (run mb-rawrandomwrite-");
            assertNoFillAndAllPodsStartedTogether(results, "rawSequentialWrite");
            assertThat(RECEIVED.get("rawSequentialWrite").write().ioBytes()).isPositive();
            assertThat(simulator.leftovers("mayabench")).isEmpty();
        }
    }

    @MayastorCluster(name = "precondition-kube-unlink", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 1)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class JobThatDeletesItsFiles {
        @org.junit.jupiter.api.Test
        @Order(1)
        @Fio(jobFile = "fio/unlinks-its-files.fio", rampTime = "0s", precondition = "sequential")
        void firstWrite(FioResult result) {
        }

        @org.junit.jupiter.api.Test
        @Order(2)
        @Fio(jobFile = "fio/unlinks-its-files.fio", rampTime = "0s", precondition = "sequential")
        void secondWrite(FioResult result) {
            seeKeptClaims();
        }
    }

    @Test
    void aJobThatDeletesItsDataFilesIsFilledInEveryRunAndNoFillIsRecorded() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(JobThatDeletesItsFiles.class);

            EngineExecutionResults run = run(JobThatDeletesItsFiles.class);

            run.testEvents().assertStatistics(s -> s.succeeded(2));
            Map<String, List<String>> entries = PreconditionExtensionTest.entries(run, PreconditionStep.ENTRY);
            for (String test : List.of("firstWrite", "secondWrite")) {
                assertThat(entries.get(test)).as("the report entry of %s", test).singleElement().asString()
                        .startsWith("done in 1 of 1 pod(s) before the measured run " + test);
                assertThat(fills(results, test)).singleElement().satisfies(f -> assertThat(f.passes())
                        .singleElement().satisfies(p -> assertThat(p.bytesWritten()).isEqualTo(DATA_FILE)));
            }
            assertThat(KEPT).singleElement().satisfies(claim -> assertThat(claim.getMetadata().getAnnotations())
                    .as("no fill recorded: the job deleted the filled file").noneSatisfy((key, value) ->
                            assertThat(key).startsWith("precondition.mayabench.dev/")));
            assertThat(simulator.leftovers("mayabench")).isEmpty();
        }
    }

    @MayastorCluster(name = "precondition-kube-kept", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 2, reuse = true)
    static class KeptCluster {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential")
        void randomWrite(FioResult result) {
            seeKeptClaims();
        }
    }

    /** The same cluster (name and settings) without reuse: torn down at the end of its run. */
    @MayastorCluster(name = "precondition-kube-kept", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 2)
    static class SameClusterNotKept {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential")
        void randomWrite(FioResult result) {
        }
    }

    @Test
    void aKeptClusterInAnotherExtensionInstanceFindsTheFillOnTheClaimsEvenWithoutItsWorkspace() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(KeptCluster.class);
            EngineExecutionResults first = run(KeptCluster.class);
            first.testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(fills(results, "randomWrite")).as("the first run fills both kept volumes").hasSize(2)
                    .allSatisfy(f -> assertThat(f.passes()).singleElement()
                            .satisfies(p -> assertThat(p.bytesWritten()).isEqualTo(DATA_FILE)));
            List<String> claims = KEPT.stream().map(c -> c.getMetadata().getName()).sorted().toList();
            assertThat(claims).hasSize(2);
            assertThat(simulator.leftovers("mayabench")).as("reuse: the kept claims stay")
                    .contains("PersistentVolumeClaim/" + claims.get(0), "PersistentVolumeClaim/" + claims.get(1));

            // a second extension instance (a new engine run: new root store, new LiveCluster), its workspace lost
            freshResults(KeptCluster.class);
            EngineExecutionResults second = run(KeptCluster.class);   // run() empties the workspace first

            second.testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(fills(results, "randomWrite")).as("no fill in the second instance").isEmpty();
            assertThat(PreconditionExtensionTest.entries(second, PreconditionStep.ENTRY).get("randomWrite"))
                    .singleElement().asString().startsWith("already done, not repeated")
                    .contains("already filled by randomWrite (run mb-randomwrite-");
            assertThat(KEPT.stream().map(c -> c.getMetadata().getName()).sorted().toList()).isEqualTo(claims);

            // the same cluster without reuse: it measures on the kept claims, skips the fill, and tears them down
            Path notKept = freshResults(SameClusterNotKept.class);
            EngineExecutionResults last = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(SameClusterNotKept.class)).execute();
            last.testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(fills(notKept, "randomWrite")).isEmpty();
            // the StorageClass and pools stay: the deploy stage recorded them in the workspace that was lost, and
            // the second instance found them there already (not this test's subject); the kept claims are found by
            // their labels, so they and their volumes go
            assertThat(simulator.leftovers("mayabench")).as("after teardown")
                    .noneMatch(o -> o.startsWith("PersistentVolumeClaim/") || o.startsWith("PersistentVolume/")
                            || o.startsWith("Pod/") || o.startsWith("ConfigMap/"));
            assertThat(simulator.client().persistentVolumes().list().getItems()).as("volumes after teardown")
                    .isEmpty();
        }
    }

    @MayastorCluster(name = "precondition-kube-allure", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 2)
    static class WriteOnMayastorWithAllure {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential")
        void randomWrite(FioResult result) {
        }
    }

    @Test
    void inAllureTheFillIsAStepOfTheMeasuredRunWithEachPodsFioOutput() throws Exception {
        Path allure = dir.resolve("allure-results");
        io.qameta.allure.AllureLifecycle previous = io.qameta.allure.Allure.getLifecycle();
        try (MayastorSimulator simulator = simulator()) {
            FreshWorkspace.of("precondition-kube-allure");
            System.setProperty("allure.results.directory", allure.toString());
            io.qameta.allure.AllureLifecycle lifecycle = new io.qameta.allure.AllureLifecycle(
                    new io.qameta.allure.FileSystemResultsWriter(allure));
            io.qameta.allure.Allure.setLifecycle(lifecycle);
            org.junit.platform.launcher.core.LauncherFactory.create(org.junit.platform.launcher.core.LauncherConfig
                    .builder().enableTestExecutionListenerAutoRegistration(false).build()).execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClass(WriteOnMayastorWithAllure.class)).build(),
                    new io.qameta.allure.junitplatform.AllureJunitPlatform(lifecycle));

            com.fasterxml.jackson.databind.JsonNode test = null;
            try (Stream<Path> files = Files.list(allure)) {
                for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                    com.fasterxml.jackson.databind.JsonNode node = new ObjectMapper().readTree(f.toFile());
                    if (node.get("name").asText().equals("randomWrite(FioResult)")) {
                        test = node;
                    }
                }
            }
            assertThat(test).as("the test's Allure result").isNotNull();
            assertThat(test.get("status").asText()).isEqualTo("passed");
            com.fasterxml.jackson.databind.JsonNode workload = null;
            for (com.fasterxml.jackson.databind.JsonNode step : test.get("steps")) {
                if (step.get("name").asText().startsWith("workload: fio randwrite-4k")) {
                    workload = step;
                }
            }
            assertThat(workload).as("the measured run's step").isNotNull();
            com.fasterxml.jackson.databind.JsonNode fill = workload.get("steps").get(0);
            assertThat(fill.get("name").asText()).isEqualTo("precondition: sequential in 2 pod(s), before the "
                    + "measured run");
            assertThat(fill.get("status").asText()).isEqualTo("passed");
            List<String> attachments = new ArrayList<>();
            fill.get("attachments").forEach(a -> attachments.add(a.get("name").asText()));
            assertThat(attachments).contains("preconditioning", "precondition-sequential job file");
            assertThat(attachments).filteredOn(a -> a.startsWith("precondition-sequential fio output, volume mb-"))
                    .as("fio's output of the fill, from each pod").hasSize(2);
            assertThat(simulator.leftovers("mayabench")).isEmpty();
        } finally {
            io.qameta.allure.Allure.setLifecycle(previous);
            System.clearProperty("allure.results.directory");
        }
    }

    private MayastorSimulator simulator() throws Exception {
        MayastorSimulator simulator = MayastorSimulator.builder()
                .storageNodes("storage-1", "storage-2", "storage-3").clientNodes("worker-1")
                .mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2).workDirectory(dir.resolve("cluster")).start();
        System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
        running = simulator;
        System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
        return simulator;
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        FreshWorkspace.of(testClass.getAnnotation(MayastorCluster.class).name());
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The class's results directory, emptied: records of an earlier run must not count. */
    private static Path freshResults(Class<?> testClass) throws IOException {
        Path results = Locations.resultsRoot().resolve(Locations.fileName(testClass.getName()));
        if (Files.exists(results)) {
            try (Stream<Path> walk = Files.walk(results)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return results;
    }

    private static List<Preconditioning> fills(Path results, String test) throws IOException {
        List<Preconditioning> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path record : files.filter(f -> f.getFileName().toString().startsWith(test + "-mb-")
                    && f.getFileName().toString().endsWith("-precondition.json")).sorted().toList()) {
                found.add(Preconditioning.fromJson(Files.readString(record)).orElseThrow());
            }
        }
        return found;
    }

    /**
     * From the pods' own logs: every pod's fill ended (fio's {@code timestamp_ms} of its last pass) before any pod's
     * measured fio started, and the pods started within a second of each other, so their measured windows overlap.
     */
    private static void assertFilledBeforeAllPodsStartedTogether(Path results, String test) throws IOException {
        List<Long> starts = new ArrayList<>();
        long lastFillEnd = 0;
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(results)) {
            for (Path log : files.filter(f -> f.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(test) + "-mb-.*-[0-9]+\\.log")).toList()) {
                String text = Files.readString(log);
                starts.add(PodWorkloadAccess.started(text));
                assertThat(text.indexOf("mayabench: preconditioning, pass precondition-sequential"))
                        .as("the fill runs before the pod reports ready").isNotNegative()
                        .isLessThan(text.indexOf("mayabench: ready, waiting for the start signal"));
            }
        }
        try (Stream<Path> files = Files.list(results)) {
            for (Path output : files.filter(f -> f.getFileName().toString().startsWith(test + "-mb-")
                    && f.getFileName().toString().matches(".*-precondition-(sequential|random)\\.json")).toList()) {
                lastFillEnd = Math.max(lastFillEnd, json.readTree(output.toFile()).path("timestamp_ms").asLong());
            }
        }
        assertThat(starts).as("the measured runs' start lines of the 2 pods of %s", test).hasSize(2);
        long firstStart = starts.stream().min(Long::compare).orElseThrow();
        assertThat(lastFillEnd).as("every fill ended before the first pod started measuring").isPositive()
                .isLessThan(firstStart * 1000);
        assertThat(starts.stream().max(Long::compare).orElseThrow() - firstStart)
                .as("the pods started measuring together (s apart)").isLessThanOrEqualTo(1);
    }

    /** From the pods' logs: no pod ran a fill, and the pods started measuring within a second of each other. */
    private static void assertNoFillAndAllPodsStartedTogether(Path results, String test) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path log : files.filter(f -> f.getFileName().toString().matches(
                    java.util.regex.Pattern.quote(test) + "-mb-.*-[0-9]+\\.log")).toList()) {
                String text = Files.readString(log);
                assertThat(text).as("the log of %s", log.getFileName()).doesNotContain("mayabench: preconditioning")
                        .contains("mayabench: ready, waiting for the start signal");
                starts.add(PodWorkloadAccess.started(text));
            }
        }
        assertThat(starts).as("the measured runs' start lines of the 2 pods of %s", test).hasSize(2);
        assertThat(starts.stream().max(Long::compare).orElseThrow() - starts.stream().min(Long::compare).orElseThrow())
                .as("the pods started measuring together (s apart)").isLessThanOrEqualTo(1);
    }

    /** The claims a run's pods measured, from its per-pod results. */
    private static List<String> claimsMeasured(Path results, String test) throws IOException {
        List<String> claims = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(test + "-mb-")
                    && f.getFileName().toString().endsWith("-precondition-result.json")).toList()) {
                claims.add(new ObjectMapper().readTree(file.toFile()).path("claim").asText());
            }
        }
        return claims.stream().sorted().toList();
    }

    /** {@code PodWorkload.started} is package-private in {@code kube}; this reads the same line. */
    private static final class PodWorkloadAccess {
        static long started(String log) {
            String marker = "mayabench: fio starts at ";
            int at = log.indexOf(marker);
            assertThat(at).as("the pod's measured start line").isNotNegative();
            return Long.parseLong(log.substring(at + marker.length()).split("\\s+", 2)[0]);
        }
    }
}
