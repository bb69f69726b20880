package dev.mayabench.junit;

import static dev.mayabench.assertj.FioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioFailedException;
import dev.mayabench.fio.FioNotInstalledException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.RepeatStatistics;
import dev.mayabench.fio.TargetDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs test classes that use the extension through the real Jupiter engine ({@link EngineTestKit}) with
 * real fio on the local provider, and checks what the tests received, what was saved, what failed and how.
 */
class MayabenchExtensionTest {

    /** What the example tests received, by test name. */
    static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        RECEIVED.clear();
        System.clearProperty("mayabench.fio.executable");
        System.clearProperty("mayabench.local.dir");
    }

    /** All events (containers and tests) of running the class through the Jupiter engine. */
    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().allEvents();
    }

    /** The test events only, for counting tests. */
    static Events tests(Class<?>... testClasses) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(java.util.Arrays.stream(testClasses).map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute().testEvents();
    }

    static Path workspace(String cluster) {
        return Locations.workspaceOf(cluster);
    }

    @MayastorCluster(name = "e2e-basic")
    static class TwoJobRandomRead {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "16m", numjobs = 2, iodepth = 4)
        void randomRead(FioResult result, Cluster cluster) {
            RECEIVED.put("result", result);
            RECEIVED.put("cluster", cluster);
            assertThat(result).read().hasIopsAtLeast(1);
        }
    }

    @Test
    void aFioTestReceivesTheParsedResultOfARealRunAndItIsSavedUnderResults() {
        tests(TwoJobRandomRead.class).assertStatistics(s -> s.succeeded(1).failed(0));

        FioResult result = (FioResult) RECEIVED.get("result");
        assertThat(result.jobs()).hasSize(2);
        assertThat(result.read().iops()).isPositive();
        assertThat(result.write().iops()).isZero();
        assertThat(result.read().latencyPercentile(99.0)).isPositive();
        assertThat(result.profile()).contains("randread-4k");
        Path saved = Locations.resultsRoot().resolve(TwoJobRandomRead.class.getName().replace('$', '_'))
                .resolve("randomRead.json");
        assertThat(result.savedAt()).contains(saved);
        assertThat(FioResult.parse(saved).read().iops()).isEqualTo(result.read().iops());
        assertThat(saved.resolveSibling("randomRead.fio")).content()
                .contains("rw=randread").contains("numjobs=2").contains("runtime=1s").contains("size=16m");
    }

    @Test
    void theClusterIsTornDownAfterTheRunAndItsDataFilesAreGone() {
        tests(TwoJobRandomRead.class).assertStatistics(s -> s.succeeded(1));

        Cluster cluster = (Cluster) RECEIVED.get("cluster");
        assertThat(cluster.provider()).isEqualTo("local");
        assertThat(cluster.workspace()).isEqualTo(workspace("e2e-basic"));
        assertThat(workspace("e2e-basic").resolve("data")).doesNotExist();
        assertThat(workspace("e2e-basic").resolve("state.json")).content().doesNotContain("fio data files");
        assertThat(workspace("e2e-basic").resolve("logs/teardown.log")).content().contains("removed");
        assertThat(cluster.facts()).containsKeys("fio", "kernel", "cpu", "target.filesystem");
    }

    @MayastorCluster(name = "e2e-reuse", reuse = true)
    static class ReusedCluster {
        @Test
        @Fio(profile = "seqwrite-128k", runtime = "1s", size = "8m")
        void sequentialWrite(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @Test
    void aReusedClusterKeepsItsDataFilesForTheNextRun() {
        tests(ReusedCluster.class).assertStatistics(s -> s.succeeded(1));

        // a kept cluster lives outside the build directory, so mvn clean does not forget it
        assertThat(dev.mayabench.stage.Workspace.keptClustersRoot().resolve("e2e-reuse").resolve("data"))
                .isNotEmptyDirectory();
        assertThat(((FioResult) RECEIVED.get("result")).write().bandwidthKiB()).isPositive();
    }

    @MayastorCluster(name = "e2e-breach")
    static class ImpossibleThreshold {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "8m")
        void expectsTheImpossible(FioResult result) {
            assertThat(result).read().hasIopsAtLeast(1e12);
        }
    }

    @Test
    void aThresholdBreachFailsTheTestWithFigureThresholdProfileAndSavedPath() {
        tests(ImpossibleThreshold.class).assertStatistics(s -> s.failed(1));
        Events events = run(ImpossibleThreshold.class);

        events.assertThatEvents().haveExactly(1, event(test("expectsTheImpossible"), finishedWithFailure(
                instanceOf(AssertionError.class),
                message(m -> m.contains("Expecting IOPS of read of all jobs") && m.contains("threshold: 1,000,000,000,000.0")
                        && m.contains("profile randread-4k") && m.contains("expectsTheImpossible.json")))));
        assertThat(workspace("e2e-breach").resolve("data")).as("torn down also after a failure").doesNotExist();
    }

    @MayastorCluster(name = "e2e-na", storageNodes = 3, instance = "i3.2xlarge", kubernetes = "kubespray")
    static class CloudSettingsOnLocal {
        @Test
        void inspect(Cluster cluster) {
            RECEIVED.put("cluster", cluster);
        }
    }

    @Test
    void cloudSettingsOnTheLocalProviderAreValidatedAndReportedAsNotApplicable() {
        tests(CloudSettingsOnLocal.class).assertStatistics(s -> s.succeeded(1));

        Cluster cluster = (Cluster) RECEIVED.get("cluster");
        assertThat(cluster.notApplicableSettings())
                .anySatisfy(line -> assertThat(line).contains("storageNodes").contains("local"))
                .anySatisfy(line -> assertThat(line).contains("instance"))
                .anySatisfy(line -> assertThat(line).contains("kubernetes"));
    }

    @MayastorCluster(provider = "lcoal", replicas = -2, kubernetes = "k3z")
    static class BadClusterSettings {
        @Test
        void neverRuns() {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void badClusterSettingsFailTheClassListingEveryProblemWithAFix() {
        Events events = run(BadClusterSettings.class);

        events.assertThatEvents().haveExactly(1, event(container(BadClusterSettings.class), finishedWithFailure(
                instanceOf(ConfigurationException.class),
                message(m -> m.contains("did you mean 'local'?") && m.contains("replicas") && m.contains("k3s")))));
        assertThat(RECEIVED).doesNotContainKey("ran");
    }

    @MayastorCluster(name = "e2e-badfio")
    static class BadFioSettings {
        @Test
        @Fio(profile = "randred-4k")
        void misspeltProfile(FioResult result) {
        }

        @Test
        @Fio(bs = "4q", rwmixread = 120)
        void invalidOverrides(FioResult result) {
        }

        @Test
        @Fio(jobFile = "no/such/job.fio")
        void missingJobFile(FioResult result) {
        }

        @Test
        @Fio(profile = "randread-4k", size = "100t", runtime = "1s")
        void biggerThanTheDisk(FioResult result) {
        }

        @Test
        void fioResultWithoutFio(FioResult result) {
        }
    }

    @Test
    void badFioSettingsFailOnlyTheirTestWithTheSettingAndAFix() {
        tests(BadFioSettings.class).assertStatistics(s -> s.failed(5));
        Events events = run(BadFioSettings.class);

        events.assertThatEvents()
                .haveExactly(1, event(test("misspeltProfile"), finishedWithFailure(
                        message(m -> m.contains("'randred-4k'") && m.contains("did you mean 'randread-4k'?")))))
                .haveExactly(1, event(test("invalidOverrides"), finishedWithFailure(
                        message(m -> m.contains("@Fio(bs)") && m.contains("'4q'") && m.contains("@Fio(rwmixread)")))))
                .haveExactly(1, event(test("missingJobFile"), finishedWithFailure(
                        message(m -> m.contains("no/such/job.fio")))))
                .haveExactly(1, event(test("biggerThanTheDisk"), finishedWithFailure(
                        instanceOf(TargetDirectoryException.class), message(m -> m.contains("size")))))
                .haveExactly(1, event(test("fioResultWithoutFio"), finishedWithFailure(
                        message(m -> m.contains("annotate the test method or its class with @Fio")))));
    }

    @MayastorCluster(name = "e2e-nofio")
    static class NeedsFio {
        @Test
        @Fio(runtime = "1s")
        void randomRead(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void withoutFioTheClassFailsAtOnceWithTheInstallCommand() {
        System.setProperty("mayabench.fio.executable", "/nonexistent/fio");

        Events events = run(NeedsFio.class);

        events.assertThatEvents().haveExactly(1, event(container(NeedsFio.class), finishedWithFailure(
                instanceOf(FioNotInstalledException.class),
                message(m -> m.contains("apt-get install -y fio") && m.contains("mayabench.fio.executable")))));
        assertThat(RECEIVED).doesNotContainKey("ran");
    }

    @Test
    void aTargetDirectoryThatIsAFileIsNamedWithTheSettingToChange() throws Exception {
        Path file = Files.createTempFile("mayabench", "not-a-directory");
        System.setProperty("mayabench.local.dir", file.toString());

        Events events = run(NeedsFio.class);

        events.assertThatEvents().haveExactly(1, event(container(NeedsFio.class), finishedWithFailure(
                instanceOf(ConfigurationException.class),
                message(m -> m.contains(file.toString()) && m.contains("mayabench.local.dir")))));
        Files.delete(file);
    }

    @Test
    void aTargetDirectoryThatCannotBeWrittenFailsTheTestNamingTheDirectoryAndTheFix() {
        // /proc refuses new files even to root, unlike a directory with mode 0500
        System.setProperty("mayabench.local.dir", "/proc/mayabench");

        Events events = run(NeedsFio.class);

        events.assertThatEvents().haveAtLeastOne(event(finishedWithFailure(
                instanceOf(TargetDirectoryException.class),
                message(m -> m.contains("/proc/mayabench") && m.contains("mayabench.local.dir")))));
    }

    @MayastorCluster(name = "e2e-fiofails")
    static class FioRejectsTheJob {
        @Test
        @Fio(jobFile = "fio/fails-at-runtime.fio")
        void unopenableFile(FioResult result) {
        }
    }

    @Fio(profile = "seqread-128k", runtime = "1s", size = "8m", repeat = 3)
    @MayastorCluster(name = "e2e-repeat")
    static class RepeatedOnTheClass {
        @Test
        void sequentialRead(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @Test
    void classLevelFioAppliesToTestsAndRepeatRunsEachTimeHandingOverTheMedianRun() {
        tests(RepeatedOnTheClass.class).assertStatistics(s -> s.succeeded(1));

        Path dir = Locations.resultsRoot().resolve(RepeatedOnTheClass.class.getName().replace('$', '_'));
        assertThat(dir.resolve("sequentialRead-run1.json")).exists();
        assertThat(dir.resolve("sequentialRead-run2.json")).exists();
        assertThat(dir.resolve("sequentialRead-run3.json")).exists();
        FioResult received = (FioResult) RECEIVED.get("result");
        double[] iops = java.util.stream.IntStream.rangeClosed(1, 3)
                .mapToDouble(i -> FioResult.parse(dir.resolve("sequentialRead-run" + i + ".json")).read().iops())
                .sorted().toArray();
        assertThat(received.read().iops()).isEqualTo(iops[1]);
        RepeatStatistics.Spread spread = received.repeats().orElseThrow().figure("read IOPS").orElseThrow();
        assertThat(received.repeats().orElseThrow().runs()).isEqualTo(3);
        assertThat(spread.min()).isEqualTo(iops[0]);
        assertThat(spread.max()).isEqualTo(iops[2]);
        assertThat(spread.mean()).isCloseTo((iops[0] + iops[1] + iops[2]) / 3, org.assertj.core.api.Assertions
                .within(1e-6));
    }

    @Test
    void testClassesWithTheSameSettingsShareOneCluster() {
        tests(TwoJobRandomRead.class, SameClusterAgain.class).assertStatistics(s -> s.succeeded(2));

        assertThat(RECEIVED.get("again")).isSameAs(RECEIVED.get("cluster"));
    }

    @MayastorCluster(name = "e2e-basic")
    static class SameClusterAgain {
        @Test
        void inspect(Cluster cluster) {
            RECEIVED.put("again", cluster);
        }
    }

    @Test
    void fioFailingAtRuntimeFailsTheTestWithFiosOwnMessage() {
        Events events = run(FioRejectsTheJob.class);

        events.assertThatEvents().haveExactly(1, event(test("unopenableFile"), finishedWithFailure(
                instanceOf(FioFailedException.class),
                message(m -> m.contains("exit") && m.contains("file creation disallowed by allow_file_create=0")))));
    }

    @MayastorCluster(name = "e2e-noworkload", skip = "workload")
    static class WorkloadSkipped {
        @Test
        @Fio(runtime = "1s", size = "8m")
        void randomRead(FioResult result) {
            RECEIVED.put("ran", true);
        }
    }

    @Test
    void skippingTheWorkloadAbortsFioTestsWithTheReasonInsteadOfFailingThem() {
        tests(WorkloadSkipped.class).assertStatistics(s -> s.aborted(1).failed(0));
        Events events = run(WorkloadSkipped.class);

        events.assertThatEvents().haveExactly(1, event(test("randomRead"),
                org.junit.platform.testkit.engine.EventConditions.abortedWithReason(
                        message(m -> m.contains("workload stage is skipped by mayabench.skip")))));
        assertThat(RECEIVED).doesNotContainKey("ran");
    }

    @Test
    void durationsAreShownInTheUnitPeopleRead() {
        assertThat(dev.mayabench.stage.Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(dev.mayabench.stage.Durations.human(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(dev.mayabench.stage.Durations.human(Duration.ofSeconds(245))).isEqualTo("4 min 05 s");
    }
}
