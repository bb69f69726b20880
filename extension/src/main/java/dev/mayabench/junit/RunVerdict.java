package dev.mayabench.junit;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Guardrails;
import dev.mayabench.fio.Threshold;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.AllureReporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;

/**
 * What one fio run of a test amounts to beyond its figures: each threshold of its {@code @Fio(expect)} with the
 * measured value, and each measurement guardrail it broke. Reported as soon as the run ends (a table and tags in
 * the report, lines in the log); judged after the test body, so the user's own assertions run and report too.
 */
record RunVerdict(List<Threshold.Outcome> outcomes, List<Guardrails.Finding> findings, String where) {

    private static final Logger LOG = MayabenchLog.of(RunVerdict.class);
    static final String GUARDRAIL_ENTRY_PREFIX = "mayabench.guardrail.";

    RunVerdict {
        outcomes = List.copyOf(outcomes);
        findings = List.copyOf(findings);
    }

    static RunVerdict of(List<Threshold> thresholds, FioJob job, FioResult result) {
        List<Threshold.Outcome> outcomes = thresholds.stream().map(t -> t.check(result)).toList();
        boolean latency = thresholds.stream().anyMatch(Threshold::isLatency);
        String where = result.savedAt().map(Object::toString).orElse("the fio output");
        return new RunVerdict(outcomes, Guardrails.check(job, result, latency), where);
    }

    /** The thresholds as a table: expression, limit, measured, PASS or FAIL. */
    String table() {
        int width = Math.max(10, outcomes.stream().mapToInt(o -> o.threshold().expression().length()).max()
                .orElse(10));
        StringBuilder table = new StringBuilder(String.format("%-" + width + "s  %-16s  %-16s  %s%n",
                "threshold", "limit", "measured", "verdict"));
        for (Threshold.Outcome o : outcomes) {
            table.append(String.format("%-" + width + "s  %-16s  %-16s  %s%n", o.threshold().expression(),
                    o.threshold().limitText(), o.measuredText(),
                    (o.passed() ? "PASS" : "FAIL") + (o.problem().isEmpty() ? "" : " (" + o.problem() + ")")));
        }
        return table.toString();
    }

    /** Adds the table, the guardrail findings and one tag per finding to the report, and logs them. */
    void report() {
        if (!outcomes.isEmpty()) {
            AllureReporter.attachText("thresholds", "text/plain", "txt", table());
            LOG.info("thresholds:\n{}", table());
        }
        if (!findings.isEmpty()) {
            AllureReporter.attachText("guardrails", "text/plain", "txt", findings.stream()
                    .map(f -> f.id() + ": " + f.message()).collect(Collectors.joining("\n")) + "\n");
            for (Guardrails.Finding finding : findings) {
                AllureReporter.tag("guardrail: " + finding.id());
                LOG.warn("measurement guardrail {}: {}", finding.id(), finding.message());
            }
        }
    }

    /**
     * One JUnit report entry per guardrail finding ({@code mayabench.guardrail.<id>} = its message), for the
     * listeners that show them: IDEs' test views, JUnit's Open Test Reporting XML, a launcher's own listener.
     * (Surefire up to 3.6.0 drops report entries: its RunListenerAdapter, maven-surefire
     * surefire-providers/surefire-junit-platform, has no reportingEntryPublished; on the Maven console the
     * log line, through SLF4J or mayabench's console fallback, is what shows.) JUnit refuses blank values, so a
     * finding without a message is given its id.
     */
    Map<String, String> reportEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Guardrails.Finding finding : findings) {
            String message = finding.message() == null || finding.message().isBlank() ? finding.id()
                    : finding.message();
            entries.merge(GUARDRAIL_ENTRY_PREFIX + finding.id(), message, (a, b) -> a + "; " + b);
        }
        return entries;
    }

    /** The failure this verdict makes of the test, if any: failed thresholds, and under strict the guardrails. */
    Optional<AssertionFailedError> failure(boolean strict) {
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        boolean guardrails = strict && !findings.isEmpty();
        if (failed == 0 && !guardrails) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder();
        if (failed > 0) {
            message.append(failed).append(" of ").append(outcomes.size()).append(" threshold(s) failed:\n")
                    .append(table().indent(2));
        }
        if (guardrails) {
            message.append("measurement guardrails broken (mayabench.strict=true makes them failures):\n");
            findings.forEach(f -> message.append("  - ").append(f.id()).append(": ").append(f.message())
                    .append('\n'));
        }
        message.append("fio output: ").append(where);
        return Optional.of(new AssertionFailedError(message.toString()));
    }
}
