package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.config.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What "steady" means for a run: fio's own {@code steadystate} ({@code ss}), {@code ss_dur} and {@code ss_ramp}
 * options, checked before fio runs. fio samples IOPS and bandwidth once a second; when over the last
 * {@code window} seconds the {@code metric} stays below {@code limit}, fio stops the job early. So with steady
 * state, {@code runtime} is an upper bound, not the length of the run.
 *
 * <pre>{@code
 * SteadyStateCriterion ss = SteadyStateCriterion.parse(
 *         new SourcedValue("iops_slope:0.3%", "@Fio(steadyState) on MyTest#write"),
 *         new SourcedValue("60s", "@Fio(steadyStateDuration) on MyTest#write"), null);
 * ss.fioOptions();  // {steadystate=iops_slope:0.3%, ss_dur=60s}
 * }</pre>
 *
 * <p>Upstream (axboe/fio): {@code options.c} {@code str_steadystate_cb} reads {@code metric:limit} and a
 * trailing {@code %} as a percentage of the window's mean; fio 3.33's {@code --cmdhelp=steadystate} lists the
 * metrics {@code iops, iops_slope, bw, bw_slope} (newer fio adds {@code lat, lat_slope}; they are refused here so
 * a test does not depend on the fio version installed). {@code steadystate.c}: a window is attained when the
 * criterion is strictly below the limit ({@code result < ss->limit}), so a limit of 0 can never be met;
 * {@code td_steadystate_init} divides {@code ss_dur} by one second, truncating, so less than a second disables
 * steady state silently; the slope's denominator is 0 for a one-second window. {@code HOWTO.rst}: {@code ss_dur}
 * 0 (the default) disables steady-state detection.
 *
 * @param metric  {@code iops}, {@code iops_slope}, {@code bw} or {@code bw_slope}
 * @param limit   the threshold; a percentage of the window's mean when {@code percent}, else IOPS or bytes/s
 * @param percent whether {@code limit} is a percentage
 * @param window  {@code ss_dur}: the rolling window judged, whole seconds, at least 2
 * @param ramp    {@code ss_ramp}: how long fio runs before it starts collecting ({@link Duration#ZERO} for none)
 */
@API(status = API.Status.EXPERIMENTAL)
public record SteadyStateCriterion(String metric, double limit, boolean percent, Duration window, Duration ramp) {

    /** The metrics fio 3.33 knows ({@code fio --cmdhelp=steadystate}). */
    public static final List<String> METRICS = List.of("iops", "iops_slope", "bw", "bw_slope");

    static final String ALLOWED = "metric:limit with a metric of " + String.join(", ", METRICS)
            + " and a limit above 0, as a percentage of the mean (iops_slope:0.3%) or, for iops, a number of IOPS "
            + "(iops:500); for bw a number of bytes per second (bw:1048576)";

    private static final Pattern SHAPE = Pattern.compile("\\s*([A-Za-z_]+)\\s*:\\s*([^%\\s]*)\\s*(%?)\\s*");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");

    public SteadyStateCriterion {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(ramp, "ramp");
    }

    /**
     * Reads and checks the three settings together; every problem is reported at once.
     *
     * @param criterion {@code metric:limit[%]}, e.g. {@code iops_slope:0.3%}; may be {@code null} only when the
     *                  other two are too
     * @param duration  {@code ss_dur}, required with a criterion
     * @param ramp      {@code ss_ramp}, optional ({@code null})
     * @throws ConfigurationException naming each bad setting, its value, what is allowed and a fix
     */
    public static SteadyStateCriterion parse(SourcedValue criterion, SourcedValue duration, SourcedValue ramp) {
        List<Problem> problems = new ArrayList<>();
        if (criterion == null) {
            SourcedValue stray = duration != null ? duration : ramp;
            throw new ConfigurationException(new Problem(stray.origin(), stray.value(),
                    "a steady-state duration or ramp only together with a steady-state criterion",
                    "add steadyState = \"iops_slope:0.01%\" (fio's default criterion) or remove " + stray.origin()));
        }
        String metric = null;
        double limit = 0;
        boolean percent = false;
        Matcher m = SHAPE.matcher(criterion.value());
        if (!m.matches()) {
            String bare = criterion.value().strip();
            problems.add(new Problem(criterion.origin(), criterion.value(), ALLOWED, bare.matches("[A-Za-z_]+")
                    ? "give the limit after the colon, e.g. " + bare + ":1%"
                    : "write it like iops_slope:0.3% (the IOPS trend within 0.3% of the mean per second)"));
        } else {
            String wanted = m.group(1).toLowerCase(Locale.ROOT);
            percent = !m.group(3).isEmpty();
            if (!METRICS.contains(wanted)) {
                problems.add(new Problem(criterion.origin(), criterion.value(), ALLOWED,
                        Suggestions.closest(wanted, METRICS).map(s -> "did you mean '" + s + "'?")
                                .orElse("use one of " + String.join(", ", METRICS))));
            } else {
                metric = wanted;
            }
            String number = m.group(2);
            if (!NUMBER.matcher(number).matches()) {
                problems.add(new Problem(criterion.origin(), criterion.value(), ALLOWED, number.isEmpty()
                        ? "give the limit after the colon, e.g. " + m.group(1) + ":1%"
                        : "the limit '" + number + "' is not a plain number; fio would read units its own way, so "
                        + "write a percentage (" + m.group(1) + ":1%) or a plain number"));
            } else {
                limit = Double.parseDouble(number);
                if (limit <= 0) {
                    problems.add(new Problem(criterion.origin(), criterion.value(), ALLOWED,
                            "fio attains steady state only when the criterion is below the limit, so a limit of 0 "
                                    + "can never be met; use e.g. " + m.group(1) + ":0.1%"));
                } else if (metric != null && metric.startsWith("bw") && !percent && limit != Math.rint(limit)) {
                    problems.add(new Problem(criterion.origin(), criterion.value(), ALLOWED,
                            "a bandwidth limit is a whole number of bytes per second; write "
                                    + metric + ":" + Math.round(Math.ceil(limit)) + " or a percentage"));
                }
            }
        }
        Duration window = Duration.ZERO;
        if (duration == null) {
            problems.add(new Problem(criterion.origin().replace("steadyState", "steadyStateDuration"), null,
                    "a steady-state window (fio's ss_dur) of at least 2s; without it fio ignores the criterion",
                    "add steadyStateDuration = \"60s\" (fio judges the last 60 one-second samples)"));
        } else {
            window = time(duration, problems, "a steady-state window (fio's ss_dur) of whole seconds, at least 2s");
            if (window != null && (window.getSeconds() < 2 || window.getNano() != 0)) {
                problems.add(new Problem(duration.origin(), duration.value(),
                        "a steady-state window (fio's ss_dur) of whole seconds, at least 2s",
                        "fio samples once a second and drops parts of a second (less than 1s turns steady state "
                                + "off; a 1s window has no slope); use " + Math.max(2, window.getSeconds()
                                + (window.getNano() != 0 ? 1 : 0)) + "s"));
            }
        }
        Duration rampTime = Duration.ZERO;
        if (ramp != null) {
            rampTime = time(ramp, problems, "a fio time for ss_ramp, e.g. 10s");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SteadyStateCriterion(metric, limit, percent, window, rampTime);
    }

    private static Duration time(SourcedValue value, List<Problem> problems, String allowed) {
        return FioTime.parse(value.value()).orElseGet(() -> {
            problems.add(new Problem(value.origin(), value.value(), allowed + "; " + FioTime.ALLOWED,
                    FioTime.suggestion(value.value()).map(s -> "did you mean '" + s + "'?")
                            .orElse("write it like 30s or 2m")));
            return null;
        });
    }

    /** The criterion as fio writes it: {@code iops_slope:0.3%}. */
    public String fioCriterion() {
        String number = limit == Math.rint(limit) ? Long.toString((long) limit)
                : java.math.BigDecimal.valueOf(limit).stripTrailingZeros().toPlainString();
        return metric + ":" + number + (percent ? "%" : "");
    }

    /** The fio options to add to every job, in order: {@code steadystate}, {@code ss_dur}, {@code ss_ramp}. */
    public Map<String, String> fioOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("steadystate", fioCriterion());
        options.put("ss_dur", window.getSeconds() + "s");
        if (!ramp.isZero()) {
            options.put("ss_ramp", ramp.toNanos() % 1_000_000_000L == 0 ? ramp.getSeconds() + "s"
                    : ramp.toNanos() % 1_000_000L == 0 ? ramp.toMillis() + "ms" : ramp.toNanos() / 1000 + "us");
        }
        return options;
    }
}
