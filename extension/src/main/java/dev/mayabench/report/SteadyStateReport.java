package dev.mayabench.report;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.JobResult;
import dev.mayabench.fio.SteadyState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a run's jobs reported about steady state ({@code @Fio(steadyState = ...)}), for people and for CI: one
 * line per job (asked or not, attained or not, when, the criterion, the window, the last value fio computed and
 * the window's slope or deviation and mean), as Allure step parameters and a text attachment of the fio step,
 * and as the report entries {@code mayabench.steadyState.<job>}. Nothing for a run whose jobs did not ask.
 *
 * <p>"When": fio ends a job as soon as its criterion holds over a whole window (fio HOWTO, {@code steadystate}:
 * "When the criterion falls below the threshold for the specified duration, the job will stop"; axboe/fio
 * {@code steadystate.c} {@code steadystate_check} calls {@code fio_mark_td_terminate} then), so an attained job's runtime is the time it took, counted
 * from the end of {@code ramp_time} as fio counts {@code runtime}; a job that never got there ran its whole
 * runtime.
 *
 * <pre>{@code
 * SteadyStateReport.lines(result);
 * // {randwrite-4k=iops_slope:0.3% over 60s: attained, fio stopped the job after 143.0s; last 0.21%,
 * //  slope 12.5 IOPS/s, mean 10234 IOPS}
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class SteadyStateReport {

    /** Prefix of the report entries, one per job that asked: {@code mayabench.steadyState.randwrite-4k}. */
    public static final String ENTRY_PREFIX = "mayabench.steadyState.";

    private SteadyStateReport() {
    }

    /**
     * One line per job that asked for steady state, keyed by the job's name ({@code @ host} for a pod's job,
     * {@code [n]} for the n-th of several jobs with one name, as with {@code numjobs}), in fio's order; empty
     * when no job asked.
     */
    public static Map<String, String> lines(FioResult result) {
        Map<String, String> lines = new LinkedHashMap<>();
        List<String> labels = labels(result.jobs());
        for (int i = 0; i < result.jobs().size(); i++) {
            JobResult job = result.jobs().get(i);
            String label = labels.get(i);
            job.steadyState().ifPresent(ss -> lines.put(label, line(ss, ranFor(job))));
        }
        return lines;
    }

    /** The report entries: {@value #ENTRY_PREFIX}{@code <job>} = its line. */
    public static Map<String, String> reportEntries(FioResult result) {
        Map<String, String> entries = new LinkedHashMap<>();
        lines(result).forEach((job, line) -> entries.put(ENTRY_PREFIX + job, line));
        return entries;
    }

    /**
     * Adds the lines to the current Allure step (the fio run's) as parameters {@code steady state <job>} and as
     * an attachment that also names the jobs that did not ask; does nothing when no job asked.
     */
    static void attach(FioResult result) {
        Map<String, String> lines = lines(result);
        if (lines.isEmpty()) {
            return;
        }
        lines.forEach((job, line) -> AllureReporter.stepParameter("steady state " + job, line));
        StringBuilder text = new StringBuilder();
        List<String> labels = labels(result.jobs());
        for (String label : labels) {
            text.append(label).append(": ").append(lines.getOrDefault(label, "not asked")).append('\n');
        }
        AllureReporter.attachText("steady state", "text/plain", "txt", text.toString());
    }

    /**
     * {@code iops:90% over 2s: attained, fio stopped the job after 3.0s; last 4.17%, max deviation 412 IOPS,
     * mean 10234 IOPS}, or {@code ... not attained in 30.0s (the whole runtime); last ...}.
     */
    static String line(SteadyState ss, Duration ranFor) {
        String seconds = String.format(Locale.ROOT, "%.1fs", ranFor.toMillis() / 1000.0);
        boolean percent = ss.criterion().endsWith("%");
        String metric = ss.criterion().substring(0, ss.criterion().indexOf(':'));
        // fio computes only the figure its criterion uses (steadystate.c: steadystate_slope or
        // steadystate_deviation; the other stays 0), in the metric's unit: IOPS, or bytes/s for bw
        boolean iops = metric.startsWith("iops");
        double scale = iops ? 1 : 1048576.0;
        String unit = iops ? " IOPS" : " MiB/s";
        String shape = metric.endsWith("_slope") ? "slope " + significant(ss.slope() / scale) + unit + "/s"
                : "max deviation " + significant(ss.maxDeviation() / scale) + unit;
        String mean = iops ? ss.iopsMean() + " IOPS"
                : String.format(Locale.ROOT, "%.1f MiB/s", ss.bandwidthMean() / 1048576.0);
        return ss.criterion() + " over " + ss.window().getSeconds() + "s: "
                + (ss.attained() ? "attained, fio stopped the job after " + seconds
                : "not attained in " + seconds + " (the whole runtime)")
                + "; last " + significant(ss.criterionValue()) + (percent ? "%" : "") + ", " + shape + ", mean "
                + mean;
    }

    /** How long the job did I/O: the longer of its directions' runtimes, as fio reports them. */
    private static Duration ranFor(JobResult job) {
        Duration read = job.read().runtime();
        Duration write = job.write().runtime();
        return read.compareTo(write) >= 0 ? read : write;
    }

    private static List<String> labels(List<JobResult> jobs) {
        Map<String, Integer> count = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (JobResult job : jobs) {
            String name = job.name() + job.hostname().map(h -> " @ " + h).orElse("");
            names.add(name);
            count.merge(name, 1, Integer::sum);
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (String name : names) {
            labels.add(count.get(name) == 1 ? name : name + "[" + seen.merge(name, 1, Integer::sum) + "]");
        }
        return labels;
    }

    private static String significant(double value) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
