package dev.mayabench.fio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What fio reported about steady state for one job (its JSON {@code steadystate} object), when the job asked for
 * it with {@code @Fio(steadyState = ...)}. A job that attained steady state was stopped by fio then, so its
 * {@code runtime} ({@link IoStats#runtime()}) says how long it took; one that did not ran its whole runtime.
 *
 * <pre>{@code
 * SteadyState ss = result.job("randwrite-4k").steadyState().orElseThrow();
 * if (!ss.attained()) System.out.println("still moving: " + ss.criterionValue() + " vs " + ss.criterion());
 * }</pre>
 *
 * <p>Upstream: axboe/fio {@code stat.c} {@code add_ss_output} writes {@code ss} (the criterion, its limit as
 * {@code %f}, a {@code %} when a percentage), {@code duration} (seconds), {@code attained} (0 or 1),
 * {@code criterion} (the last value computed, {@code %f} and a {@code %} when a percentage),
 * {@code max_deviation}, {@code slope} and {@code data} ({@code bw_mean}, {@code iops_mean} and the window's
 * one-second samples {@code iops} and {@code bw}, bandwidth in bytes per second). Checked against fio 3.33's
 * output on the development machine (captured in the test resources).
 *
 * @param criterion       what was asked, as fio writes it: {@code iops_slope:0.3%}
 * @param window          the rolling window judged ({@code ss_dur})
 * @param attained        whether fio saw the criterion below its limit over a whole window
 * @param criterionValue  the last value fio computed for the criterion (percent when the limit is a percentage)
 * @param maxDeviation    the window's largest distance from its mean (0 for a slope criterion)
 * @param slope           the window's least-squares slope per second (0 for a deviation criterion)
 * @param iopsMean        the window's mean IOPS
 * @param bandwidthMean   the window's mean bandwidth, bytes per second
 * @param iopsSamples     the window's one-second IOPS samples
 * @param bandwidthSamples the window's one-second bandwidth samples, bytes per second
 */
@API(status = API.Status.EXPERIMENTAL)
public record SteadyState(String criterion, Duration window, boolean attained, double criterionValue,
                          double maxDeviation, double slope, long iopsMean, long bandwidthMean,
                          List<Long> iopsSamples, List<Long> bandwidthSamples) {

    private static final Pattern SS = Pattern.compile("([a-z_]+):(-?[\\d.]+)(%?)");

    public SteadyState {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(window, "window");
        iopsSamples = List.copyOf(iopsSamples);
        bandwidthSamples = List.copyOf(bandwidthSamples);
    }

    /**
     * Reads a job's {@code steadystate} object.
     *
     * @param at the JSON path, for errors ({@code jobs[0].steadystate})
     * @throws FioOutputException when a field is missing or mistyped
     */
    static SteadyState read(JsonNode ss, String at) {
        if (!ss.isObject()) {
            throw new FioOutputException("fio's output: " + at + " should be an object but is " + ss);
        }
        String asked = FioOutputReader.text(ss, "ss", at);
        Matcher m = SS.matcher(asked);
        if (!m.matches()) {
            throw new FioOutputException("fio's output: " + at + ".ss should be like iops_slope:0.300000% but is '"
                    + asked + "'");
        }
        String limit = new java.math.BigDecimal(m.group(2)).stripTrailingZeros().toPlainString();
        JsonNode data = ss.path("data");
        return new SteadyState(m.group(1) + ":" + limit + m.group(3),
                Duration.ofSeconds(FioOutputReader.number(ss, "duration", at).longValue()),
                FioOutputReader.number(ss, "attained", at).intValue() != 0,
                criterionValue(FioOutputReader.text(ss, "criterion", at), at),
                FioOutputReader.number(ss, "max_deviation", at).doubleValue(),
                FioOutputReader.number(ss, "slope", at).doubleValue(),
                FioOutputReader.number(data, "iops_mean", at + ".data").longValue(),
                FioOutputReader.number(data, "bw_mean", at + ".data").longValue(),
                samples(data, "iops", at + ".data"), samples(data, "bw", at + ".data"));
    }

    private static double criterionValue(String text, String at) {
        try {
            return Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            throw new FioOutputException("fio's output: " + at + ".criterion should be a number (and %) but is '"
                    + text + "'");
        }
    }

    private static List<Long> samples(JsonNode data, String field, String at) {
        JsonNode list = data.get(field);
        if (list == null || !list.isArray()) {
            throw new FioOutputException("fio's output: " + at + "." + field + " should be an array but is "
                    + (list == null ? "missing" : list.toString()));
        }
        List<Long> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asLong()));
        return values;
    }

    /** One line for reports and findings: {@code iops_slope:0.3% over 60s: not attained (last 2.54%)}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s over %ds: %s (last %s%s)", criterion, window.getSeconds(),
                attained ? "attained" : "not attained", new java.math.BigDecimal(criterionValue)
                        .round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString(),
                criterion.endsWith("%") ? "%" : "");
    }
}
