package dev.mayabench.fio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.apiguardian.api.API;

/**
 * How much the figures of repeated runs of one job ({@code @Fio(repeat = N)}) varied: per figure the mean,
 * minimum, maximum and coefficient of variation (sample standard deviation over mean). A large spread says
 * one run's figure is not to be trusted against a tight threshold.
 *
 * <pre>{@code
 * result.repeats().ifPresent(r -> r.figure("read IOPS").map(RepeatStatistics.Spread::cv));
 * }</pre>
 *
 * @param runs    how many runs
 * @param figures one spread per figure, for the directions that did I/O
 */
@API(status = API.Status.EXPERIMENTAL)
public record RepeatStatistics(int runs, List<Spread> figures) {

    public RepeatStatistics {
        figures = List.copyOf(figures);
    }

    /**
     * One figure over the runs.
     *
     * @param figure e.g. {@code read IOPS}, {@code read bandwidth KiB/s}, {@code read p99 ns}
     * @param mean   arithmetic mean
     * @param min    smallest
     * @param max    largest
     * @param cv     coefficient of variation: sample standard deviation divided by the mean
     */
    public record Spread(String figure, double mean, double min, double max, double cv) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: mean %.1f, min %.1f, max %.1f, cv %.1f%%", figure, mean, min, max,
                    cv * 100);
        }
    }

    /** The spreads of IOPS, bandwidth and p99 of each direction all runs did I/O in. */
    public static RepeatStatistics of(List<FioResult> runs) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("a spread needs at least 2 runs, not " + runs.size());
        }
        List<Spread> figures = new ArrayList<>();
        for (String direction : List.of("read", "write")) {
            if (runs.stream().anyMatch(r -> io(r, direction).totalIos() == 0)) {
                continue;
            }
            figures.add(spread(direction + " IOPS", runs, r -> io(r, direction).iops()));
            figures.add(spread(direction + " bandwidth KiB/s", runs, r -> io(r, direction).bandwidthKiB()));
            try {
                figures.add(spread(direction + " p99 ns", runs,
                        r -> io(r, direction).latencyPercentile(99.0).toNanos()));
            } catch (FioException noLatencies) {
                // without latency data there is no p99 to spread
            }
        }
        return new RepeatStatistics(runs.size(), figures);
    }

    private static IoStats io(FioResult result, String direction) {
        return direction.equals("read") ? result.read() : result.write();
    }

    private static Spread spread(String figure, List<FioResult> runs, ToDoubleFunction<FioResult> value) {
        double[] values = runs.stream().mapToDouble(value).toArray();
        double mean = Arrays.stream(values).average().orElse(0);
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                / (values.length - 1);
        double cv = mean == 0 ? 0 : Math.sqrt(variance) / mean;
        return new Spread(figure, mean, Arrays.stream(values).min().orElse(0),
                Arrays.stream(values).max().orElse(0), cv);
    }

    /** The spread of one figure, by its name. */
    public Optional<Spread> figure(String name) {
        return figures.stream().filter(f -> f.figure().equals(name)).findFirst();
    }
}
