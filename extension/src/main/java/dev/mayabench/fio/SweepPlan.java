package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.config.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a sweep varies: one or two of fio's {@code iodepth}, {@code numjobs}, {@code bs}, {@code rwmixread}, each
 * with its list of values; two parameters make the cartesian product, the first one outermost. Every point is
 * the base job with the point's values as overrides, checked like any {@code @Fio} attribute before anything
 * runs, so a sweep with one bad value fails whole and at once.
 *
 * <pre>{@code
 * SweepPlan plan = SweepPlan.of(Map.of("iodepth", List.of("1", "4", "16")), "in my sweep");
 * for (SweepPlan.Point point : plan.points(FioJob.profile("randread-4k"))) {
 *     System.out.println(point.label() + ": " + point.job());     // iodepth=1: FioJob[randread-4k, ...]
 * }
 * }</pre>
 *
 * @param parameters parameter name to its values, in sweep order (give a {@code LinkedHashMap} when there are two:
 *                   the first is outermost)
 * @param origin     where the sweep was written, for errors ({@code "@FioSweep on MyTest#curve"})
 */
@API(status = API.Status.EXPERIMENTAL)
public record SweepPlan(Map<String, List<String>> parameters, String origin) {

    /** The parameters a sweep may vary: the ones that move a disk along its throughput–latency curve. */
    public static final List<String> PARAMETERS = List.of("iodepth", "numjobs", "bs", "rwmixread");

    /** At most this many parameters: a third would make a cube nobody reads, and multiply the run time. */
    public static final int MAX_PARAMETERS = 2;

    /** fio's rw modes in which {@code rwmixread} means anything (fio ignores it otherwise). */
    static final List<String> MIXED_RW = List.of("rw", "readwrite", "randrw");

    public SweepPlan {
        Objects.requireNonNull(origin, "origin");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        parameters = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A checked plan.
     *
     * @throws ConfigurationException naming every problem: no parameter, more than {@value #MAX_PARAMETERS}, an
     *                                unknown name (with the closest one), an empty list, a value listed twice
     */
    public static SweepPlan of(Map<String, List<String>> parameters, String origin) {
        List<Problem> problems = new ArrayList<>();
        String allowedNames = "one or two of " + String.join(", ", PARAMETERS);
        if (parameters.isEmpty()) {
            problems.add(new Problem("@FioSweep", "", allowedNames + ", each with at least one value",
                    "write e.g. @FioSweep(iodepth = {1, 4, 16}), or latencyTarget = \"1ms\" to let fio search the "
                            + "depth", origin));
        }
        parameters.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                problems.add(new Problem("@FioSweep parameter", name, allowedNames,
                        Suggestions.closest(name.toLowerCase(Locale.ROOT), PARAMETERS)
                                .map(s -> "did you mean '" + s + "'?")
                                .orElse("sweep other fio options with a job file per value"), origin));
                return;
            }
            if (values.isEmpty()) {
                problems.add(new Problem("@FioSweep(" + name + ")", "{}", "at least one value",
                        "list the values to run, e.g. " + name + " = " + example(name) + ", or leave " + name
                                + " out", origin));
            }
            Set<String> seen = new HashSet<>();
            for (String value : values) {
                if (!seen.add(value.trim().toLowerCase(Locale.ROOT))) {
                    problems.add(new Problem("@FioSweep(" + name + ")", String.join(", ", values),
                            "each value once", "remove the second '" + value.trim() + "': it would run the same "
                            + "point twice", origin));
                }
            }
        });
        if (parameters.size() > MAX_PARAMETERS) {
            problems.add(new Problem("@FioSweep", String.join(", ", parameters.keySet()),
                    "at most " + MAX_PARAMETERS + " parameters (their cartesian product is run)",
                    "split it into one sweep per value of the third parameter", origin));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SweepPlan(parameters, origin);
    }

    private static String example(String name) {
        return switch (name) {
            case "bs" -> "{\"4k\", \"16k\", \"64k\"}";
            case "rwmixread" -> "{0, 50, 70, 100}";
            default -> "{1, 4, 16}";
        };
    }

    /** One point of a sweep: its parameter values, in sweep order, and the job that measures it. */
    public record Point(Map<String, String> parameters, FioJob job) {

        public Point {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            Objects.requireNonNull(job, "job");
        }

        /** {@code iodepth=4, numjobs=2}: for steps, tables and chart labels. */
        public String label() {
            return SweepPoint.label(parameters);
        }
    }

    /**
     * A swept block size larger than a job's {@code size}, which fio refuses only when the point runs ("size too
     * small, must not be less than minimum block size": axboe/fio init.c {@code fixup_options}; {@code --parse-only}
     * does not check it), so the sweep would fail half-way.
     */
    private static java.util.Optional<Problem> blockLargerThanSize(Point point) {
        SourcedValue bs = point.job().overrides().get("bs");
        for (Map<String, String> job : point.job().effectiveJobs()) {
            int kbBase = "1000".equals(job.get("kb_base")) ? 1000 : 1024;
            java.util.OptionalLong size = FioSize.bytes(job.get("size"), kbBase);
            long smallest = Long.MAX_VALUE;
            for (String part : job.getOrDefault("bs", "").split(",")) {
                java.util.OptionalLong b = FioSize.bytes(part.trim(), kbBase);
                if (b.isPresent()) {
                    smallest = Math.min(smallest, b.getAsLong());
                }
            }
            if (size.isPresent() && smallest != Long.MAX_VALUE && size.getAsLong() < smallest) {
                return java.util.Optional.of(new Problem(bs.origin(), bs.value(), "a block size no larger than the "
                        + "job's size (" + job.get("size") + ")", "fio refuses a block larger than the data it may "
                        + "use; lower the block size or raise @Fio(size)"));
            }
        }
        return java.util.Optional.empty();
    }

    /** How many points the plan has: the product of the list lengths. */
    public int size() {
        return parameters.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
    }

    /**
     * The points, first parameter outermost; each job is {@code base} with the point's values as overrides.
     *
     * @throws ConfigurationException listing every value fio must not get (an iodepth of 0, a bs of {@code 4q}),
     *                                each naming its place in the sweep; or {@code rwmixread} swept on a job that
     *                                does not mix reads and writes
     */
    public List<Point> points(FioJob base) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : parameter.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(parameter.getKey(), value.trim());
                    next.add(extended);
                }
            }
            combinations = next;
        }
        List<Problem> problems = new ArrayList<>();
        if (parameters.containsKey("rwmixread")) {
            for (Map<String, String> job : base.effectiveJobs()) {
                String rw = job.getOrDefault("rw", job.getOrDefault("readwrite", "read")).replaceAll(":.*", "");
                if (!MIXED_RW.contains(rw)) {
                    problems.add(new Problem("@FioSweep(rwmixread)", String.join(", ", parameters.get("rwmixread")),
                            "a sweep of rwmixread on a job that mixes reads and writes (rw = "
                                    + String.join(" or ", MIXED_RW) + ")",
                            "the job's rw is '" + rw + "', for which fio ignores rwmixread: every point would "
                                    + "measure the same; use @Fio(profile = \"randrw-4k\") or rw = \"randrw\"",
                            origin));
                    break;
                }
            }
        }
        // each value is checked once, where it first occurs, so a bad value is one problem, not one per point
        Set<String> badValues = new HashSet<>();
        List<Point> points = new ArrayList<>();
        for (Map<String, String> combination : combinations) {
            Map<String, SourcedValue> overrides = new LinkedHashMap<>();
            combination.forEach((name, value) -> overrides.put(name, new SourcedValue(value,
                    "@FioSweep(" + name + "[" + parameters.get(name).stream().map(String::trim).toList()
                            .indexOf(value) + "]) " + origin)));
            try {
                points.add(new Point(combination, base.withOverrides(overrides)));
            } catch (ConfigurationException e) {
                for (Problem p : e.problems()) {
                    if (badValues.add(p.setting() + "=" + p.value())) {
                        problems.add(p);
                    }
                }
            }
        }
        if (parameters.containsKey("bs")) {
            for (Point point : points) {
                blockLargerThanSize(point).filter(p -> badValues.add(p.setting() + "=" + p.value()))
                        .ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return List.copyOf(points);
    }
}
