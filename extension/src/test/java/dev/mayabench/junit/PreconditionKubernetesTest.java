package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * On Kubernetes the volumes are claimed per run, so preconditioning is per run (PreconditionStep's class comment):
 * every measured run's pods fill their own volume first, the fill's fio output comes back from each pod and is
 * reported, all pods still start measuring together after every fill, and teardown leaves nothing. Driven like
 * KubernetesPipelineTest: the Mayastor simulator runs every pod's script as a real process with real fio.
 */
class PreconditionKubernetesTest {

    private static final long DATA_FILE = 4L * 1024 * 1024;
    private static final long BLOCK_VOLUME = 8L * 1024 * 1024;
    private static final Map<String, FioResult> RECEIVED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        KubernetesPipelineTest.PROPERTIES.forEach(System::clearProperty);
        RECEIVED.clear();
    }

    @MayastorCluster(name = "precondition-kube", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class WriteOnMayastor {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential+random")
        void randomWrite(FioResult result) {
            RECEIVED.put("randomWrite", result);
        }

        @org.junit.jupiter.api.Test
        @Fio(profile = "seqwrite-128k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential+random")
        void sequentialWrite(FioResult result) {
            RECEIVED.put("sequentialWrite", result);
        }
    }

    @MayastorCluster(name = "precondition-kube-block", provider = "existing", storageNodes = 3, replicas = 1,
            volumes = 2, volumeSize = "8Mi")
    static class WriteOnRawMayastorVolumes {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "8m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, volumeMode = VolumeMode.BLOCK, precondition = "sequential")
        void rawRandomWrite(FioResult result) {
            RECEIVED.put("rawRandomWrite", result);
        }
    }

    @Test
    void everyRunsPodsFillTheirDataFilesBeforeTheyAllStartMeasuringTogether() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(WriteOnMayastor.class);

            EngineExecutionResults run = run(WriteOnMayastor.class);

            run.testEvents().assertStatistics(s -> s.succeeded(2));
            Map<String, List<String>> entries = PreconditionExtensionTest.entries(run, PreconditionStep.ENTRY);
            assertThat(PreconditionExtensionTest.entries(run, MayabenchExtension.NOT_APPLICABLE_ENTRY)).isEmpty();
            Map<String, String> dataFiles = Map.of("randomWrite", "randwrite-4k.0.0", "sequentialWrite",
                    "seqwrite-128k.0.0");   // fio's name for the data file of the profile's job: the file measured
            for (String test : List.of("randomWrite", "sequentialWrite")) {
                assertThat(entries.get(test)).as("the report entry of %s", test).singleElement().asString()
                        .startsWith("done in each pod before the measured run " + test)
                        .contains("sequential+random of volume mb-" + test.toLowerCase() + "-")
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
                assertThat(RECEIVED.get(test).write().ioBytes()).as("the measured run of %s", test).isPositive();
            }
            assertThat(simulator.leftovers("mayabench")).as("mayabench's objects in the simulated cluster").isEmpty();
        }
    }

    @Test
    void onARawBlockVolumeTheFillWritesTheWholeClaim() throws Exception {
        try (MayastorSimulator simulator = simulator()) {
            Path results = freshResults(WriteOnRawMayastorVolumes.class);

            EngineExecutionResults run = run(WriteOnRawMayastorVolumes.class);

            run.testEvents().assertStatistics(s -> s.succeeded(1));
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
            assertThat(simulator.leftovers("mayabench")).isEmpty();
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
