package dev.mayabench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.fio.FioResult;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code @Fio(expect = "... everywhere")} and {@code @Fio(logInterval)} through the real engine and real fio. */
class ThresholdsOverTimeTest {

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @MayastorCluster(name = "over-time")
    static class OverTime {
        @Test
        @Fio(profile = "randread-4k", runtime = "3s", rampTime = "0s", size = "16m", iodepth = 4, numjobs = 2,
                logInterval = "500ms", expect = {"read.p99 <= 10s everywhere", "read.p99 <= 1ns everywhere",
                        "read.iops >= 1% of median everywhere"})
        void randomRead(FioResult result) {
        }
    }

    @Test
    void aBrokenOverTimeThresholdFailsTheTestNamingTheFirstHalfSecondThatBrokeIt() {
        // the first interval is 0 s, or 0.5 s when fio's first line came more than 250 ms late (a loaded machine)
        run(OverTime.class).allEvents().assertThatEvents().haveExactly(1, event(test("randomRead"),
                finishedWithFailure(message(m -> m.startsWith("1 of 3 threshold(s) failed:")
                        && m.matches("(?s).*read\\.p99 <= 10s everywhere .*PASS.*")
                        && m.matches("(?s).*read\\.iops >= 1% of median everywhere .*PASS.*")
                        && m.matches("(?s).*read\\.p99 <= 1ns everywhere +<= 1 ns everywhere +interval (?:0|0\\.5)s: p99 "
                                + "[\\d.]+ (?:ns|µs|ms) > 1 ns +FAIL \\((\\d+) of \\1 read intervals of 0\\.5s break it\\).*")))));
    }

    @MayastorCluster(name = "over-time")
    static class TooShort {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", logInterval = "50ms")
        void randomRead(FioResult result) {
        }
    }

    @Test
    void anIntervalBelowTheMinimumFailsNamingTheAttributeAndTheFix() {
        run(TooShort.class).allEvents().assertThatEvents().haveExactly(1, event(test("randomRead"),
                finishedWithFailure(message(m -> m.contains("@Fio(logInterval) on TooShort#randomRead")
                        && m.contains("'50ms'") && m.contains("use 100ms or more")))));
    }
}
