package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/**
 * {@code @Fio(expect = ...)} and the measurement guardrails, through the real Jupiter engine with real fio
 * runs on the local provider.
 */
class ThresholdsAndGuardrailsTest {

    static final AtomicInteger BODIES = new AtomicInteger();

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.strict");
        BODIES.set(0);
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @MayastorCluster(name = "thresholds")
    static class MetThresholds {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                expect = {"read.iops > 1", "read.p99 < 10s", "read.bw >= 1KiB/s", "read.mean < 10s",
                        "job[randread-4k].read.p50 < 10s"})
        void randomRead(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void theClassEndsWithATableOfWhatEachTestMeasuredAndItsThresholdVerdict() {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run(MetThresholds.class);
            run(MissedThresholds.class);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(out).contains("mayabench: MetThresholds", "mayabench: MissedThresholds");
        assertThat(out).containsPattern("(?m)^test +job +dir +IOPS +MiB/s +p50 +p99 +p99\\.9 +thresholds$");
        // p50 in µs on an idle disk, in ms when other tests load it: the unit is the table's to choose
        assertThat(out).containsPattern("(?m)^randomRead +randread-4k +read +\\d+ +[\\d.]+ +[\\d.]+ (µs|ms) .* 5/5 pass$");
        assertThat(out).containsPattern("(?m)^randomRead +randread-4k +read +\\d+ .* 3 of 4 FAIL$");
    }

    @Test
    void metThresholdsLetTheTestPass() {
        run(MetThresholds.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(BODIES).hasValue(1);
    }

    @MayastorCluster(name = "thresholds")
    @Fio(expect = "read.iops > 1")
    static class MissedThresholds {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                expect = {"read.iops >= 1000M", "read.p99 < 1ns", "write.iops > 1"})
        void randomRead(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void everyThresholdIsJudgedAndTheFailureShowsTheWholeTableAfterTheBodyRan() {
        EngineExecutionResults events = run(MissedThresholds.class);

        events.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(BODIES).as("the test body ran; thresholds are judged after it").hasValue(1);
        events.allEvents().assertThatEvents().haveExactly(1, event(test("randomRead"), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(m -> m.startsWith("3 of 4 threshold(s) failed:")
                        && m.matches("(?s).*read\\.iops > 1 .*PASS.*")
                        && m.matches("(?s).*read\\.iops >= 1000M +>= 1000\\.00M IOPS +[\\d.]+k? IOPS +FAIL.*")
                        && m.matches("(?s).*read\\.p99 < 1ns +< 1 ns +\\d.* FAIL.*")
                        && m.contains("write.iops > 1") && m.contains("FAIL (the run did no write I/O)")
                        && m.contains("fio output: ") && m.contains("randomRead.json")))));
    }

    @MayastorCluster(name = "thresholds")
    static class MalformedThresholds {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", expect = "read.p99 < 2 parsecs")
        void first(FioResult result) {
            BODIES.incrementAndGet();
        }

        @Test
        @Fio(profile = "randread-4k", runtime = "1s", expect = {"read.iops > 1", "reed.iops > 1"})
        void second(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void malformedThresholdsFailTheClassBeforeAnythingRunsNamingEachExpressionAndPosition() {
        EngineExecutionResults events = run(MalformedThresholds.class);

        events.allEvents().assertThatEvents().haveExactly(1, event(container(MalformedThresholds.class), finishedWithFailure(
                instanceOf(ConfigurationException.class),
                message(m -> m.contains("@Fio(expect[0]) on MalformedThresholds#first")
                        && m.contains("read.p99 < 2 parsecs") && m.contains("at position 14")
                        && m.contains("@Fio(expect[1]) on MalformedThresholds#second")
                        && m.contains("reed.iops > 1") && m.contains("did you mean 'read'?")))));
        assertThat(BODIES).hasValue(0);
    }

    @MayastorCluster(name = "guardrails")
    static class CarelessRun {
        @Test
        @Fio(jobFile = "fio/careless.fio", expect = "read.p99 < 10s")
        void careless(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @MayastorCluster(name = "guardrails")
    static class CarefulRun {
        @Test
        @Fio(jobFile = "fio/careful.fio", expect = "read.p99 < 10s")
        void careful(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @MayastorCluster(name = "guardrails")
    static class CarelessRunWithoutLatencyThresholds {
        @Test
        @Fio(jobFile = "fio/careless.fio", expect = "read.iops > 1")
        void careless(FioResult result) {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void guardrailsAreWarningsByDefault() {
        run(CarelessRunWithoutLatencyThresholds.class).testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void aLatencyThresholdOnARunWithoutLatencyDataFailsInsteadOfPassingOnZeros() {
        run(CarelessRun.class).allEvents().assertThatEvents().haveExactly(1, event(test("careless"),
                finishedWithFailure(message(m -> m.contains("read.p99 < 10s")
                        && m.contains("FAIL (no p99 read latency for careless")))));
    }

    @Test
    void underStrictEveryBrokenGuardrailFailsTheTestAndIsNamed() {
        System.setProperty("mayabench.strict", "true");

        EngineExecutionResults events = run(CarelessRun.class);

        events.testEvents().assertStatistics(s -> s.failed(1));
        events.allEvents().assertThatEvents().haveExactly(1, event(test("careless"), finishedWithFailure(
                instanceOf(AssertionFailedError.class),
                message(m -> m.contains("measurement guardrails broken (mayabench.strict=true")
                        && m.contains("latency-data: gtod_reduce=1 is set")
                        && m.contains("cache-risk: the job's data (1.0 MiB) is smaller than what the run moved "
                                + "in its measured window")
                        && m.contains("buffered-io: direct=0")
                        && m.contains("no-ramp: ramp_time is 0")))));
    }

    static final java.util.Map<String, FioResult> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();

    @MayastorCluster(name = "idleness")
    static class IdleProfiled {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                idleProf = "system")
        void profiled(FioResult result) {
            RESULTS.put("profiled", result);
        }
    }

    @Test
    void idleProfilingReportsHowIdleTheCpusWere() {
        run(IdleProfiled.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(RESULTS.get("profiled").cpuIdleness()).hasValueSatisfying(idle ->
                assertThat(idle).isBetween(0.0, 100.0));
        assertThat(RESULTS.get("profiled").cpu().total()).isPositive();
    }

    @MayastorCluster(name = "idleness")
    static class BusyCpus {
        @Test
        @Fio(jobFile = "fio/busy.fio", idleProf = "system")
        void busy(FioResult result) {
            RESULTS.put("busy", result);
        }
    }

    @Test
    void underStrictARunOnBusyCpusFailsAsBusyCpu() {
        System.setProperty("mayabench.strict", "true");

        run(BusyCpus.class).allEvents().assertThatEvents().haveExactly(1, event(test("busy"),
                finishedWithFailure(message(m -> m.contains("busy-cpu: the CPUs were only ")
                        && m.contains("% idle during the run")))));
    }

    @MayastorCluster(name = "idleness")
    static class MisspelledIdleProfile {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", idleProf = "percpus")
        void misspelled(FioResult result) {
            RESULTS.put("misspelled", result);
        }
    }

    @Test
    void aMisspelledIdleProfileIsAConfigurationError() {
        run(MisspelledIdleProfile.class).allEvents().assertThatEvents().haveExactly(1, event(test("misspelled"),
                finishedWithFailure(instanceOf(ConfigurationException.class),
                        message(m -> m.contains("@Fio(idleProf)") && m.contains("did you mean 'percpu'?")))));
        assertThat(RESULTS).doesNotContainKey("misspelled");
    }

    @Test
    void aCarefulRunBreaksNoGuardrailEvenUnderStrict() {
        System.setProperty("mayabench.strict", "true");

        run(CarefulRun.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(BODIES).hasValue(1);
    }
}
