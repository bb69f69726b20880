package dev.mayabench.junit;

import dev.mayabench.fio.FioResult;
import dev.mayabench.report.FioReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compact table printed at the end of a benchmark class, so the Maven log shows what was measured without
 * opening the report: one line per test, job and direction with IOPS, MiB/s, p50, p99, p99.9 and the verdict
 * of the test's thresholds.
 */
final class ClassSummary {

    private static final String FORMAT = "%-28s %-16s %-5s %10s %9s %10s %10s %10s  %s%n";

    private final String testClass;
    private final List<Entry> entries = new ArrayList<>();

    ClassSummary(String testClass) {
        this.testClass = testClass;
    }

    private record Entry(String test, FioResult result, RunVerdict verdict) {
    }

    synchronized void add(String test, FioResult result, RunVerdict verdict) {
        entries.add(new Entry(test, result, verdict));
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "mayabench: %s%n", testClass));
        out.append(String.format(Locale.ROOT, FORMAT, "test", "job", "dir", "IOPS", "MiB/s", "p50", "p99",
                "p99.9", "thresholds"));
        for (Entry entry : entries) {
            long failed = entry.verdict().outcomes().stream().filter(o -> !o.passed()).count();
            int total = entry.verdict().outcomes().size();
            String thresholds = total == 0 ? "-" : failed == 0 ? total + "/" + total + " pass"
                    : failed + " of " + total + " FAIL";
            for (FioReport.Row row : FioReport.table(entry.result())) {
                out.append(String.format(Locale.ROOT, FORMAT, cut(entry.test(), 28), cut(row.job(), 16),
                        row.direction(), String.format(Locale.ROOT, "%.0f", row.stats().iops()),
                        String.format(Locale.ROOT, "%.1f", row.stats().bandwidthKiB() / 1024.0),
                        FioReport.percentile(row.stats(), 50.0), FioReport.percentile(row.stats(), 99.0),
                        FioReport.percentile(row.stats(), 99.9), thresholds));
            }
        }
        return out.toString();
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    void print(PrintStream out) {
        out.print(table());
        out.flush();
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
