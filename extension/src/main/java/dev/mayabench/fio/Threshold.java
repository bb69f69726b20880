package dev.mayabench.fio;

import dev.mayabench.config.Suggestions;
import dev.mayabench.stage.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A pass/fail limit on one measured figure, written as a short expression, as load-testing tools do:
 * {@code read.iops >= 200k}, {@code read.p99 < 2ms}, {@code write.p99.9 <= 5ms}, {@code read.bw >= 1GiB/s},
 * {@code job[deep].read.mean < 500us}.
 * <ul>
 *   <li>metric: {@code [pod[N|NAME].][job[NAME].]read|write.iops|bw|mean|pNN} — {@code pNN} is any
 *       completion-latency percentile ({@code p50}, {@code p99}, {@code p99.99}); {@code mean} is the mean total
 *       latency; without {@code job[...]} the aggregate over all jobs, without {@code pod[...]} over all pods;
 *       {@code pod[0]} is the first pod of the run (on Kubernetes), {@code pod[NAME]} a pod by name;</li>
 *   <li>operator: {@code <}, {@code <=}, {@code >}, {@code >=};</li>
 *   <li>limit: for {@code iops} a number with optional {@code k} (thousand) or {@code M} (million); for
 *       latencies a number with {@code ns}, {@code us} (or {@code µs}), {@code ms} or {@code s}; for {@code bw} a
 *       number with {@code KiB/s}, {@code MiB/s} or {@code GiB/s}.</li>
 * </ul>
 *
 * <p><b>Over time.</b> Ending an expression with {@code everywhere} judges every interval of the run's
 * {@link Timeline} instead of the whole run: {@code read.p99 <= 5ms everywhere} (no interval's p99 above 5 ms),
 * {@code write.iops >= 10k everywhere}. A limit may then also be relative to the median interval of the same
 * figure: {@code read.iops >= 50% of median everywhere} (no interval below half the median IOPS),
 * {@code read.p99 <= 300% of median everywhere} (no interval's p99 above three times the median one).
 * <pre>
 * expression := [pod[N|NAME].][job[NAME].](read|write).statistic operator limit [everywhere]
 * limit      := number unit | number% of median      (the second form only with everywhere)
 * </pre>
 * The timeline is summed over all jobs, so {@code job[...]} and {@code everywhere} do not go together, and it has no
 * mean latency (fio's histogram logs hold percentiles' bins), so {@code mean ... everywhere} is refused: use
 * {@code p50}. A failure names the first interval that broke the limit ({@code interval 12s: p99 7.3 ms > 5 ms})
 * and how many did; an empty timeline (logs off, a baseline file) fails and says why, it never passes.
 *
 * <pre>{@code
 * Threshold t = Threshold.parse("read.p99 < 2ms");
 * Threshold.Outcome outcome = t.check(result);   // measured p99, pass or fail, one readable line
 * }</pre>
 *
 * @param expression the text as written
 * @param pod        the pod it looks at, by index ({@code 0}) or name; empty for all pods
 * @param job        the job it looks at; empty for the aggregate
 * @param direction  {@code read} or {@code write}
 * @param statistic  {@code iops}, {@code bw}, {@code mean} or {@code pNN}
 * @param operator   the comparison
 * @param limit      the limit in the statistic's base unit: IOPS, bytes per second or nanoseconds; with
 *                   {@code ofMedian} the fraction of the median ({@code 0.5} for 50%)
 * @param everywhere whether every interval of the timeline is judged rather than the whole run
 * @param ofMedian   whether the limit is a fraction of the median interval's figure (only with {@code everywhere})
 */
@API(status = API.Status.EXPERIMENTAL)
public record Threshold(String expression, Optional<String> pod, Optional<String> job, String direction,
                        String statistic, Operator operator, double limit, boolean everywhere, boolean ofMedian) {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final String EVERYWHERE = "everywhere";

    public Threshold {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(job, "job");
        if (ofMedian && !everywhere) {
            throw new IllegalArgumentException("a limit relative to the median interval needs everywhere: "
                    + expression);
        }
    }

    /** A threshold on the whole run (not over time). */
    public Threshold(String expression, Optional<String> pod, Optional<String> job, String direction,
                     String statistic, Operator operator, double limit) {
        this(expression, pod, job, direction, statistic, operator, limit, false, false);
    }

    /** The comparisons a threshold may use. */
    public enum Operator {
        LESS("<"), AT_MOST("<="), GREATER(">"), AT_LEAST(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(double measured, double limit) {
            return switch (this) {
                case LESS -> measured < limit;
                case AT_MOST -> measured <= limit;
                case GREATER -> measured > limit;
                case AT_LEAST -> measured >= limit;
            };
        }
    }

    /** Whether the statistic is a latency (so a latency-less run cannot be judged by it). */
    public boolean isLatency() {
        return statistic.equals("mean") || statistic.startsWith("p");
    }

    /**
     * Parses one expression.
     *
     * @throws ThresholdSyntaxException naming the expression, the position (1-based) and what was expected
     */
    public static Threshold parse(String expression) {
        return new Parser(expression).parse();
    }

    /** The outcome of checking a threshold against a result. */
    public record Outcome(Threshold threshold, Optional<Double> measured, boolean passed, String measuredText,
                          String problem) {

        /** One line: the expression, what was measured, PASS or FAIL. */
        public String line() {
            return threshold.expression() + " | measured " + measuredText + " | " + (passed ? "PASS" : "FAIL")
                    + (problem.isEmpty() ? "" : " (" + problem + ")");
        }
    }

    /** Checks the threshold against a result; a figure that cannot be measured is a failure that says why. */
    public Outcome check(FioResult whole) {
        FioResult result = whole;
        if (pod.isPresent()) {
            Map<String, FioResult> pods = whole.pods();
            List<String> names = List.copyOf(pods.keySet());
            String wanted = pod.get();
            String name = wanted.matches("\\d+") && Integer.parseInt(wanted) < names.size()
                    ? names.get(Integer.parseInt(wanted)) : wanted;
            result = pods.get(name);
            if (result == null) {
                return new Outcome(this, Optional.empty(), false, "-", pods.isEmpty()
                        ? "the run had no pods (one fio process: pod[...] is for fio in pods on Kubernetes)"
                        : "no pod '" + wanted + "'; pods: " + names + " (or their index, from 0)");
            }
        }
        if (everywhere) {
            return checkEveryInterval(result.timeline());
        }
        IoStats stats;
        if (job.isPresent()) {
            List<JobResult> named = result.jobs().stream().filter(j -> j.name().equals(job.get())).toList();
            if (named.isEmpty()) {
                return new Outcome(this, Optional.empty(), false, "-", "no job named '" + job.get() + "'; jobs: "
                        + result.jobs().stream().map(JobResult::name).distinct().toList());
            }
            if (named.size() > 1) {
                return new Outcome(this, Optional.empty(), false, "-", named.size() + " jobs are named '"
                        + job.get() + "' (numjobs > 1 without group_reporting); use the aggregate metric");
            }
            JobResult one = named.get(0);
            stats = direction.equals("read") ? one.read() : one.write();
        } else {
            stats = direction.equals("read") ? result.read() : result.write();
        }
        if (stats.totalIos() == 0) {
            return new Outcome(this, Optional.empty(), false, "-", "the run did no " + direction + " I/O");
        }
        double measured;
        try {
            measured = switch (statistic) {
                case "iops" -> stats.iops();
                case "bw" -> stats.bandwidthKiB() * 1024.0;
                case "mean" -> stats.meanLatency().toNanos();
                default -> stats.latencyPercentile(Double.parseDouble(statistic.substring(1))).toNanos();
            };
        } catch (FioException e) {
            return new Outcome(this, Optional.empty(), false, "-", e.getMessage());
        }
        return new Outcome(this, Optional.of(measured), operator.holds(measured, limit), format(measured), "");
    }

    /** Every interval of the timeline against the limit; the first one that breaks it is named. */
    private Outcome checkEveryInterval(Timeline timeline) {
        if (timeline.isEmpty()) {
            return new Outcome(this, Optional.empty(), false, "-", "no timeline: " + timeline.whyEmpty().orElse(
                    "no interval logs beside the result (runs on the local provider record them; a baseline or a "
                            + "result of several pods has none)"));
        }
        List<Timeline.Interval> intervals = direction.equals("read") ? timeline.read() : timeline.write();
        List<Timeline.Interval> judged = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Timeline.Interval interval : intervals) {
            Optional<Double> value = switch (statistic) {
                case "iops" -> Optional.of(interval.iops());
                case "bw" -> Optional.of(interval.kibPerSecond() * 1024.0);
                // an interval in which no I/O completed has no latency; an iops threshold catches such a stall
                default -> interval.percentile(Double.parseDouble(statistic.substring(1)))
                        .map(d -> (double) d.toNanos());
            };
            if (value.isPresent()) {
                judged.add(interval);
                values.add(value.get());
            }
        }
        if (judged.isEmpty()) {
            return new Outcome(this, Optional.empty(), false, "-", "no " + direction + " interval "
                    + (intervals.isEmpty() ? "in the timeline (the run did no " + direction + " I/O)"
                    : "with a completed I/O to judge"));
        }
        double bound = limit;
        String boundText = format(limit);
        if (ofMedian) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            bound = limit * median;
            boundText = percent(limit) + " of median " + format(median) + " = " + format(bound);
        }
        int firstBroken = -1;
        int broken = 0;
        int worst = 0;
        boolean upper = operator == Operator.LESS || operator == Operator.AT_MOST;
        for (int i = 0; i < values.size(); i++) {
            if (!operator.holds(values.get(i), bound)) {
                broken++;
                if (firstBroken < 0) {
                    firstBroken = i;
                }
            }
            if (upper ? values.get(i) > values.get(worst) : values.get(i) < values.get(worst)) {
                worst = i;
            }
        }
        String name = statistic.equals("bw") ? "bw" : statistic.equals("iops") ? "" : statistic;
        if (firstBroken >= 0) {
            String text = "interval " + start(judged.get(firstBroken)) + ": " + (name.isEmpty() ? "" : name + " ")
                    + format(values.get(firstBroken)) + " " + negated() + " " + boundText;
            return new Outcome(this, Optional.of(values.get(firstBroken)), false, text, broken + " of "
                    + values.size() + " " + direction + " intervals of " + start(timeline.interval())
                    + " break it");
        }
        return new Outcome(this, Optional.of(values.get(worst)), true, "worst " + format(values.get(worst))
                + " (interval " + start(judged.get(worst)) + ") of " + values.size() + " intervals", "");
    }

    /** The comparison that held where the limit was broken: {@code >} for a broken {@code <=}. */
    private String negated() {
        return switch (operator) {
            case LESS -> ">=";
            case AT_MOST -> ">";
            case GREATER -> "<=";
            case AT_LEAST -> "<";
        };
    }

    private static String start(Timeline.Interval interval) {
        return start(interval.start());
    }

    private static String start(Duration start) {
        long ms = start.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static String percent(double fraction) {
        double pct = fraction * 100;
        return (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.format(Locale.ROOT, "%.1f", pct)) + "%";
    }

    /** A value of this threshold's statistic in the unit people read it in. */
    public String format(double value) {
        if (isLatency()) {
            return Durations.latency(Duration.ofNanos(Math.round(value)));
        }
        if (statistic.equals("bw")) {
            double mib = value / (1 << 20);
            return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB/s", mib / 1024)
                    : String.format(Locale.ROOT, "%.1f MiB/s", mib);
        }
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM IOPS", value / 1_000_000);
        }
        return value >= 10_000 ? String.format(Locale.ROOT, "%.1fk IOPS", value / 1000)
                : String.format(Locale.ROOT, "%.0f IOPS", value);
    }

    /** The limit, formatted like the measured value. */
    public String limitText() {
        return operator.symbol() + " " + (ofMedian ? percent(limit) + " of median" : format(limit))
                + (everywhere ? " " + EVERYWHERE : "");
    }

    @Override
    public String toString() {
        return expression;
    }

    /** A small hand-written recursive-descent reader: the grammar is five tokens, no library needed. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        Threshold parse() {
            skipSpaces();
            if (at == text.length()) {
                throw error("an empty expression", "write e.g. \"read.p99 < 2ms\"");
            }
            Optional<String> pod = Optional.empty();
            if (text.startsWith("pod[", at)) {
                at += 4;
                int close = text.indexOf(']', at);
                if (close < 0) {
                    throw error("'pod[' without its ']'", "write pod[0].read.p99 < 2ms");
                }
                String name = text.substring(at, close).trim();
                if (name.isEmpty()) {
                    throw error("an empty pod", "name the pod by its index from 0 or its name: pod[0].read.p99");
                }
                pod = Optional.of(name);
                at = close + 1;
                expect('.', "a '.' after pod[" + name + "]");
            }
            Optional<String> job = Optional.empty();
            if (text.startsWith("job[", at)) {
                at += 4;
                int close = text.indexOf(']', at);
                if (close < 0) {
                    throw error("'job[' without its ']'", "write job[NAME].read.p99 < 2ms");
                }
                String name = text.substring(at, close).trim();
                if (name.isEmpty()) {
                    throw error("an empty job name", "name the job as fio does: job[deep].read.p99");
                }
                job = Optional.of(name);
                at = close + 1;
                expect('.', "a '.' after job[" + name + "]");
            }
            int directionAt = at;
            String direction = word();
            if (!direction.equals("read") && !direction.equals("write")) {
                at = directionAt;
                throw error(direction.isEmpty() ? "no direction" : "'" + direction + "'",
                        "start with read. or write." + (direction.startsWith("r") ? " (did you mean 'read'?)"
                                : direction.startsWith("w") ? " (did you mean 'write'?)" : ""));
            }
            expect('.', "a '.' after '" + direction + "'");
            int statisticAt = at;
            String statistic = statistic();
            if (statistic == null) {
                at = statisticAt;
                throw error("'" + token() + "'", "a statistic: iops, bw, mean or a percentile above 0 and at most "
                        + "100 such as p99, p99.9");
            }
            skipSpaces();
            int operatorAt = at;
            Operator operator = operator();
            if (operator == null) {
                at = operatorAt;
                throw error(at < text.length() ? "'" + text.charAt(at) + "'" : "the end",
                        "an operator: <, <=, > or >=");
            }
            skipSpaces();
            Matcher number = NUMBER.matcher(text).region(at, text.length());
            if (!number.lookingAt()) {
                throw error(at < text.length() ? "'" + text.substring(at) + "'" : "the end", "a number");
            }
            double value = Double.parseDouble(number.group());
            int numberAt = at;
            at = number.end();
            skipSpaces();
            String rest = text.substring(at).stripTrailing();
            boolean everywhere = false;
            int lastWordAt = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf('\t')) + 1;
            String lastWord = rest.substring(lastWordAt);
            if (lastWord.equals(EVERYWHERE)) {
                everywhere = true;
                rest = rest.substring(0, lastWordAt).stripTrailing();
            }
            int unitAt = at;
            if (rest.startsWith("%")) {
                String[] words = rest.substring(1).trim().split("\\s+");
                if (words.length != 2 || !words[0].equals("of") || !words[1].equals("median")) {
                    at = unitAt;
                    throw error("'" + rest + "'", "'% of median', as in read.iops >= 50% of median everywhere");
                }
                if (!everywhere) {
                    at = unitAt;
                    throw error("'" + rest + "' without 'everywhere'", "'everywhere' at the end: a limit relative "
                            + "to the median interval judges the intervals of the run against each other, as in "
                            + "read.iops >= 50% of median everywhere");
                }
                if (value <= 0) {
                    at = numberAt;
                    throw error("0%", "a percentage above 0, e.g. 50% of median");
                }
                overTime(job, statistic, directionAt);
                return new Threshold(text.trim(), pod, job, direction, statistic, operator, value / 100, true, true);
            }
            double multiplier = multiplier(statistic, rest);
            if (Double.isNaN(multiplier)) {
                // "2ms everywere": a good unit followed by a near miss of everywhere
                int spaceAt = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf('\t'));
                if (spaceAt > 0 && !Double.isNaN(multiplier(statistic, rest.substring(0, spaceAt)))) {
                    String word = rest.substring(spaceAt + 1);
                    at = unitAt + spaceAt + 1;
                    throw error("'" + word + "'", Suggestions.closest(word, List.of(EVERYWHERE))
                            .map(s -> "did you mean '" + s + "'?")
                            .orElse("nothing, or 'everywhere' to judge every interval of the run"));
                }
                throw error("unit '" + rest + "'", units(statistic));
            }
            if (everywhere) {
                overTime(job, statistic, directionAt);
            }
            return new Threshold(text.trim(), pod, job, direction, statistic, operator, value * multiplier,
                    everywhere, false);
        }

        /** What the timeline cannot judge: one job of several, or the mean latency. */
        private void overTime(Optional<String> job, String statistic, int directionAt) {
            if (job.isPresent()) {
                at = text.indexOf("job[");
                throw error("job[" + job.get() + "] with 'everywhere'", "no job[...]: the timeline is summed over "
                        + "all jobs (write read.p99 <= 5ms everywhere), or no 'everywhere' to judge one job's whole run");
            }
            if (statistic.equals("mean")) {
                at = text.indexOf('.', directionAt) + 1;
                throw error("'mean' with 'everywhere'", "a percentile such as p50: fio's interval logs hold latency "
                        + "histograms, from which percentiles are exact but no mean is");
            }
        }

        private String statistic() {
            if (text.startsWith("p", at) && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))) {
                Matcher m = NUMBER.matcher(text).region(at + 1, text.length());
                if (m.lookingAt()) {
                    double p = Double.parseDouble(m.group());
                    if (p <= 0 || p > 100) {
                        return null;
                    }
                    at = m.end();
                    return "p" + m.group();
                }
            }
            int start = at;
            String word = word();
            if (List.of("iops", "bw", "mean").contains(word)) {
                return word;
            }
            at = start;
            return null;
        }

        private static double multiplier(String statistic, String unit) {
            String u = unit.replace(" ", "");
            if (statistic.equals("iops")) {
                return switch (u) {
                    case "" -> 1;
                    case "k", "K" -> 1_000;
                    case "M", "m" -> 1_000_000;
                    default -> Double.NaN;
                };
            }
            if (statistic.equals("bw")) {
                return switch (u) {
                    case "KiB/s" -> 1024;
                    case "MiB/s" -> 1024 * 1024;
                    case "GiB/s" -> 1024.0 * 1024 * 1024;
                    default -> Double.NaN;
                };
            }
            return switch (u) {
                case "ns" -> 1;
                case "us", "µs" -> 1_000;
                case "ms" -> 1_000_000;
                case "s" -> 1_000_000_000;
                default -> Double.NaN;
            };
        }

        private static String units(String statistic) {
            return switch (statistic) {
                case "iops" -> "a count: no unit, k (thousand) or M (million), e.g. 200k";
                case "bw" -> "a bandwidth unit: KiB/s, MiB/s or GiB/s, e.g. 1GiB/s";
                default -> "a time unit: ns, us, ms or s, e.g. 2ms";
            };
        }

        private Operator operator() {
            if (text.startsWith("<=", at)) {
                at += 2;
                return Operator.AT_MOST;
            }
            if (text.startsWith(">=", at)) {
                at += 2;
                return Operator.AT_LEAST;
            }
            if (text.startsWith("<", at)) {
                at += 1;
                return Operator.LESS;
            }
            if (text.startsWith(">", at)) {
                at += 1;
                return Operator.GREATER;
            }
            return null;
        }

        /** The characters from here to the next space or operator, for messages; does not move. */
        private String token() {
            int end = at;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                    && "<>=".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            return text.substring(at, end);
        }

        private String word() {
            int start = at;
            while (at < text.length() && Character.isLetter(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        private void expect(char c, String what) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw error(at < text.length() ? "'" + text.charAt(at) + "'" : "the end", what);
            }
            at++;
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private ThresholdSyntaxException error(String found, String expected) {
            return new ThresholdSyntaxException(text, at + 1, found, expected);
        }
    }
}
