package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * With an SLF4J provider (this module's tests have slf4j-simple) mayabench logs through it only: no console
 * fallback line besides it. Guardrail findings and settings that do not apply also go out as JUnit report
 * entries, which IDEs show.
 */
class ConsoleAndReportEntriesTest {

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.console");
    }

    /** storageNodes does not apply to the local provider; direct=0 breaks the guardrail buffered-io. */
    @MayastorCluster(name = "report-entries", storageNodes = 3)
    static class CarelessLocalRun {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 1)
        void randomRead(FioResult result) {
        }
    }

    record Captured(EngineExecutionResults results, String out, String err) {
    }

    static Captured run(Class<?> testClass) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                    .execute();
            return new Captured(results, capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static List<Map<String, String>> entries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(Event::getPayload).flatMap(java.util.Optional::stream)
                .map(p -> ((ReportEntry) p).getKeyValuePairs()).toList();
    }

    @Test
    void guardrailFindingsAndSettingsThatDoNotApplyAreReportEntriesAndEachWarningIsLoggedOnceThroughSlf4j() {
        Captured run = run(CarelessLocalRun.class);
        run.results().testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(entries(run.results())).anySatisfy(entry -> assertThat(entry)
                .hasEntrySatisfying(RunVerdict.GUARDRAIL_ENTRY_PREFIX + "buffered-io", v -> assertThat(v)
                        .startsWith("direct=0: the page cache sits between fio and the storage")));
        assertThat(entries(run.results())).anySatisfy(entry -> assertThat(entry)
                .hasEntrySatisfying(MayabenchExtension.NOT_APPLICABLE_ENTRY, v -> assertThat(v)
                        .startsWith("storageNodes = 3 (@MayastorCluster(storageNodes)) is not applicable to "
                                + "provider 'local'")));

        String both = run.out() + run.err();
        assertThat(count(both, "measurement guardrail buffered-io: ")).as(both).isEqualTo(1);
        assertThat(count(both, "storageNodes = 3 (@MayastorCluster(storageNodes)) is not applicable")).as(both)
                .isEqualTo(1);
        assertThat(both).as("slf4j-simple's line, not the console fallback's")
                .contains("WARN dev.mayabench.junit.RunVerdict - measurement guardrail buffered-io")
                .doesNotContain("[mayabench] ");
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aBadConsoleValueFailsTheClassBeforeAnythingRunsWithTheSettingsError() {
        System.setProperty("mayabench.console", "loud");
        Captured run = run(CarelessLocalRun.class);

        run.results().allEvents().assertThatEvents().haveExactly(1, event(container(CarelessLocalRun.class),
                finishedWithFailure(instanceOf(ConfigurationException.class), message(m -> m.equals(
                        "mayabench configuration: console = 'loud' (from system property mayabench.console) is not "
                                + "allowed: expected one of auto, off, warn, info (what mayabench prints itself "
                                + "when no SLF4J provider is on the classpath); write e.g. "
                                + "-Dmayabench.console=warn")))));
        run.results().testEvents().assertStatistics(s -> s.started(0));
    }
}
