package dev.mayabench.junit;

import dev.mayabench.fio.BaselineComparison;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * The regression summary of a whole test run: every test that had a baseline, figure by figure (baseline, now,
 * change, verdict at the report's 10% tolerance), printed when the run ends, so the end of {@code mvn verify}
 * shows what changed without opening the report. Registered as a JUnit Platform listener
 * ({@code META-INF/services}); a run without baselines prints nothing.
 *
 * <pre>{@code
 * // nothing to call: it prints after the last test, e.g.
 * // mayabench: change against the baselines (verdict at 10%)
 * // ReplicatedVolumeBenchmark.randomRead  read IOPS  101234  99870  -1.3%  ok
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class RegressionSummary implements TestExecutionListener {

    private static final List<String> ROWS = new ArrayList<>();
    private static final String FORMAT = "%-44s %-16s %14s %14s %9s  %s%n";

    /** Public for the service loader; the summary itself is one per JVM. */
    public RegressionSummary() {
    }

    /** Adds one test's comparison with its baseline. */
    static void record(String test, BaselineComparison comparison) {
        synchronized (ROWS) {
            for (BaselineComparison.Row row : comparison.rows()) {
                ROWS.add(String.format(Locale.ROOT, FORMAT, cut(test, 44), row.figure(), row.baselineText(),
                        row.nowText(), row.changeText(), comparison.verdict(row)));
            }
        }
    }

    /** The summary table, or empty text when no test had a baseline. */
    static String table() {
        synchronized (ROWS) {
            if (ROWS.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "mayabench: change against the baselines (verdict at %d%%; assertions choose their own)%n",
                    Math.round(Baselines.REPORT_TOLERANCE * 100)));
            out.append(String.format(Locale.ROOT, FORMAT, "test", "figure", "baseline", "now", "change", "verdict"));
            ROWS.forEach(out::append);
            return out.toString();
        }
    }

    static void clear() {
        synchronized (ROWS) {
            ROWS.clear();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        print(System.out);
        System.out.print(SuiteSummary.whereWritten()); // where the suite's summary.csv / summary.jsonl are
    }

    static void print(PrintStream out) {
        String table = table();
        if (!table.isEmpty()) {
            out.print(table);
            out.flush();
        }
        clear();
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : "…" + text.substring(text.length() - width + 1);
    }
}
