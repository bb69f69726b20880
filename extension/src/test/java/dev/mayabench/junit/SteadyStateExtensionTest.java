package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.assertj.FioAssertions;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/** {@code @Fio(steadyState = ...)} through the real Jupiter engine, with real fio runs on the local provider. */
class SteadyStateExtensionTest {

    static final Map<String, FioResult> RESULTS = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.strict");
        RESULTS.clear();
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @MayastorCluster(name = "steady")
    static class Steady {
        @Test
        @Fio(profile = "randread-4k", runtime = "8s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                steadyState = "iops:90%", steadyStateDuration = "2s")
        void steady(FioResult result) {
            RESULTS.put("steady", result);
            FioAssertions.assertThat(result).steadyState().isAttained();
        }
    }

    @Test
    void anEasyCriterionIsAttainedAndFioStopsTheJobBeforeItsRuntime() {
        run(Steady.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        FioResult result = RESULTS.get("steady");
        assertThat(result.job("randread-4k").steadyState()).hasValueSatisfying(ss -> {
            assertThat(ss.criterion()).isEqualTo("iops:90%");
            assertThat(ss.attained()).isTrue();
        });
        assertThat(result.read().runtime()).isLessThan(Duration.ofSeconds(7));
    }

    @MayastorCluster(name = "steady")
    static class NeverSteady {
        @Test
        @Fio(profile = "randread-4k", runtime = "5s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                steadyState = "iops:0.0001%", steadyStateDuration = "3s")
        void neverSteady(FioResult result) {
            RESULTS.put("never", result);
        }
    }

    @Test
    void underStrictARunThatNeverGotSteadyFailsAsNoSteadyState() {
        System.setProperty("mayabench.strict", "true");

        run(NeverSteady.class).allEvents().assertThatEvents().haveExactly(1, event(test("neverSteady"),
                finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(m -> m.contains("measurement guardrails broken (mayabench.strict=true")
                                && m.contains("no-steady-state: job randread-4k never reached steady state "
                                + "(iops:0.0001% over 3s: not attained")))));
        assertThat(RESULTS.get("never").job("randread-4k").steadyState()).hasValueSatisfying(ss ->
                assertThat(ss.attained()).isFalse());
    }

    @MayastorCluster(name = "steady")
    static class MisspelledCriterion {
        @Test
        @Fio(profile = "randread-4k", runtime = "5s", steadyState = "iops_slop:1%", steadyStateDuration = "1s")
        void misspelled(FioResult result) {
            RESULTS.put("misspelled", result);
        }
    }

    @Test
    void aBadCriterionFailsTheTestBeforeFioRunsNamingEveryProblem() {
        run(MisspelledCriterion.class).allEvents().assertThatEvents().haveExactly(1, event(test("misspelled"),
                finishedWithFailure(instanceOf(ConfigurationException.class),
                        message(m -> m.contains("@Fio(steadyState) on MisspelledCriterion#misspelled")
                                && m.contains("did you mean 'iops_slope'?")
                                && m.contains("@Fio(steadyStateDuration) on MisspelledCriterion#misspelled")
                                && m.contains("use 2s")))));
        assertThat(RESULTS).doesNotContainKey("misspelled");
    }
}
