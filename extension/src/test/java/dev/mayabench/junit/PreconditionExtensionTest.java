package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.fixtures.block.LoopDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @Fio(precondition)} with real fio on the local provider: the fill writes the whole target (fio's
 * {@code io_bytes} equals the target's size), runs once for two tests of a class, again for a new cluster after a
 * teardown, not again for a kept cluster in a later JVM, and the report entries say which.
 */
class PreconditionExtensionTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.local.device");
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The report entries of {@code key}, by test method name, in the order they were published. */
    static Map<String, List<String>> entries(EngineExecutionResults results, String key) {
        Map<String, List<String>> byTest = new java.util.LinkedHashMap<>();
        for (Event event : results.allEvents().reportingEntryPublished().list()) {
            Map<String, String> pairs = ((ReportEntry) event.getPayload().orElseThrow()).getKeyValuePairs();
            if (pairs.containsKey(key)) {
                String test = event.getTestDescriptor().getLegacyReportingName().replaceFirst("\\(.*\\)$", "");
                byTest.computeIfAbsent(test, t -> new java.util.ArrayList<>()).add(pairs.get(key));
            }
        }
        return byTest;
    }

    private static Path results(Class<?> testClass) {
        return Locations.resultsRoot().resolve(Locations.fileName(testClass.getName()));
    }

    private static long writtenBytes(Path json) {
        return FioResult.parse(json).write().ioBytes();
    }

    private static List<String> preconditionOutputs(Class<?> testClass) throws IOException {
        Path results = results(testClass);
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("-precondition-")
                    && n.endsWith(".json")).sorted().toList();
        }
    }

    private static void clean(Class<?> testClass, String cluster) throws IOException {
        FreshWorkspace.of(cluster);
        Path results = results(testClass);
        if (Files.isDirectory(results)) {
            try (Stream<Path> files = Files.list(results)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @MayastorCluster(name = "precondition-files")
    @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "8m", numjobs = 2, iodepth = 4,
            precondition = "sequential+random")
    @TestMethodOrder(MethodOrderer.MethodName.class) // first, then second: the fill belongs to the first
    static class TwoWriteTestsOnFiles {
        @org.junit.jupiter.api.Test
        void first(FioResult result) {
        }

        @org.junit.jupiter.api.Test
        void second(FioResult result) {
        }
    }

    @Test
    void onFilesTheFillWritesEveryDataFileOnceForTwoTestsAndTheReportSaysSo() throws IOException {
        clean(TwoWriteTestsOnFiles.class, "precondition-files");

        EngineExecutionResults results = run(TwoWriteTestsOnFiles.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(preconditionOutputs(TwoWriteTestsOnFiles.class)).containsExactly(
                "first-precondition-random.json", "first-precondition-sequential.json");
        Path out = results(TwoWriteTestsOnFiles.class);
        // two data files of 8 MiB (numjobs = 2): each pass writes both, whole, once
        assertThat(writtenBytes(out.resolve("first-precondition-sequential.json"))).isEqualTo(16 * MIB);
        assertThat(writtenBytes(out.resolve("first-precondition-random.json"))).isEqualTo(16 * MIB);
        assertThat(out.resolve("first-precondition-sequential.fio")).content()
                .contains("[randwrite-4k]", "numjobs=2", "rw=write", "directory=");
        Map<String, List<String>> entries = entries(results, PreconditionStep.ENTRY);
        assertThat(entries.get("first")).singleElement().asString().startsWith("done now: sequential+random of files ")
                .contains("randwrite-4k.0.0 8388608", "randwrite-4k.1.0 8388608", "(16.0 MiB)", "took",
                        "write 1m: 16.0 MiB", "randwrite 4k: 16.0 MiB");
        assertThat(entries.get("second")).singleElement().asString()
                .startsWith("already done, not repeated: sequential+random of files ").contains("state.json");
        JsonNode attributes = new ObjectMapper().readTree(Locations.workspaceOf("precondition-files")
                .resolve("state.json").toFile()).path("attributes");
        assertThat(attributes.fieldNames()).toIterable().anySatisfy(key -> assertThat(key)
                .startsWith(PreconditionStep.STATE_PREFIX + "files "));
    }

    @Test
    void aNewClusterAfterATeardownFillsAgainBecauseTheDataFilesWereDeleted() throws IOException {
        clean(TwoWriteTestsOnFiles.class, "precondition-files");
        run(TwoWriteTestsOnFiles.class).testEvents().assertStatistics(s -> s.succeeded(2));

        EngineExecutionResults again = run(TwoWriteTestsOnFiles.class);

        again.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(entries(again, PreconditionStep.ENTRY).get("first")).singleElement().asString()
                .startsWith("done now: ");
        assertThat(entries(again, PreconditionStep.ENTRY).get("second")).singleElement().asString()
                .startsWith("already done");
    }

    @MayastorCluster(name = "precondition-read")
    static class ReadOnlyAsksForIt {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "4m", numjobs = 1, iodepth = 2,
                precondition = "sequential")
        void randomRead(FioResult result) {
        }
    }

    @Test
    void aReadOnlyJobIsNotPreconditionedAndTheNotApplicableEntrySaysWhy() throws IOException {
        clean(ReadOnlyAsksForIt.class, "precondition-read");

        EngineExecutionResults results = run(ReadOnlyAsksForIt.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(preconditionOutputs(ReadOnlyAsksForIt.class)).isEmpty();
        assertThat(entries(results, MayabenchExtension.NOT_APPLICABLE_ENTRY).get("randomRead")).singleElement()
                .asString().contains("fio.precondition = sequential does not apply to randread-4k: it only reads");
        assertThat(entries(results, PreconditionStep.ENTRY)).isEmpty();
    }

    @MayastorCluster(name = "precondition-setting")
    static class WriteWithoutTheAttribute {
        @org.junit.jupiter.api.Test
        @Fio(profile = "seqwrite-128k", runtime = "1s", rampTime = "0s", size = "4m", numjobs = 1, iodepth = 2)
        void sequentialWrite(FioResult result) {
        }
    }

    @Test
    void theSettingAsksForItForEveryTestLikeTheAttribute() throws IOException {
        clean(WriteWithoutTheAttribute.class, "precondition-setting");
        System.setProperty("mayabench.fio.precondition", "sequential");
        EngineExecutionResults results;
        try {
            results = run(WriteWithoutTheAttribute.class);
        } finally {
            System.clearProperty("mayabench.fio.precondition");
        }

        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(preconditionOutputs(WriteWithoutTheAttribute.class)).containsExactly(
                "sequentialWrite-precondition-sequential.json");
        assertThat(writtenBytes(results(WriteWithoutTheAttribute.class)
                .resolve("sequentialWrite-precondition-sequential.json"))).isEqualTo(4 * MIB);
        assertThat(entries(results, PreconditionStep.ENTRY).get("sequentialWrite")).singleElement().asString()
                .startsWith("done now: sequential of files ");
    }

    @MayastorCluster(name = "precondition-typo")
    static class Misspelt {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", size = "4m", precondition = "seqential")
        void randomWrite(FioResult result) {
        }
    }

    @Test
    void aMisspeltModeFailsTheTestNamingTheAttributeTheModesAndAFix() throws IOException {
        clean(Misspelt.class, "precondition-typo");

        run(Misspelt.class).allEvents().assertThatEvents().haveExactly(1, event(test("randomWrite"),
                finishedWithFailure(instanceOf(ConfigurationException.class), message(m ->
                        m.contains("@Fio(precondition) on Misspelt#randomWrite") && m.contains("seqential")
                                && m.contains("none, sequential or sequential+random")
                                && m.contains("did you mean 'sequential+random'")))));
        assertThat(preconditionOutputs(Misspelt.class)).isEmpty();
    }

    @MayastorCluster(name = "precondition-device")
    @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "16m", numjobs = 1, iodepth = 4,
            volumeMode = VolumeMode.BLOCK, precondition = "sequential+random")
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoWriteTestsOnADevice {
        @org.junit.jupiter.api.Test
        void first(FioResult result) {
        }

        @org.junit.jupiter.api.Test
        void second(FioResult result) {
        }
    }

    @Test
    void onADeviceTheFillWritesTheWholeDeviceOnceForTwoTests() throws IOException {
        Optional<String> unavailable = LoopDevice.unavailableBecause(dir);
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        clean(TwoWriteTestsOnADevice.class, "precondition-device");
        try (LoopDevice loop = LoopDevice.attach(dir.resolve("disk.img"), 48)) {
            System.setProperty("mayabench.local.device", loop.device().toString());

            EngineExecutionResults results = run(TwoWriteTestsOnADevice.class);

            results.testEvents().assertStatistics(s -> s.succeeded(2));
            Path out = results(TwoWriteTestsOnADevice.class);
            assertThat(preconditionOutputs(TwoWriteTestsOnADevice.class)).containsExactly(
                    "first-precondition-random.json", "first-precondition-sequential.json");
            // the measured job writes 16 MiB of the device; the fill covers all 48 MiB of it
            assertThat(writtenBytes(out.resolve("first-precondition-sequential.json"))).isEqualTo(48 * MIB);
            assertThat(writtenBytes(out.resolve("first-precondition-random.json"))).isEqualTo(48 * MIB);
            assertThat(out.resolve("first-precondition-random.fio")).content()
                    .contains("filename=" + loop.device().toRealPath()).doesNotContain("size=", "directory=");
            Map<String, List<String>> entries = entries(results, PreconditionStep.ENTRY);
            assertThat(entries.get("first")).singleElement().asString().startsWith("done now: sequential+random of "
                    + "device " + loop.device().toRealPath() + " (48.0 MiB)");
            assertThat(entries.get("second")).singleElement().asString().startsWith("already done, not repeated");
        }
    }
}
