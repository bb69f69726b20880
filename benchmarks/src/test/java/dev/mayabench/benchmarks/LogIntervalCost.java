package dev.mayabench.benchmarks;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): what do the time-series logs behind {@code result.timeline()} cost? Runs the same job
 * with the logs off and at each interval ({@code 100ms}, {@code 500ms}, {@code 1s} by default), round after round,
 * after one uncounted warm-up run, the order reversed every other round (off, 100ms, 500ms, 1s, then 1s, 500ms,
 * 100ms, off, ...), so drift of the disk (caches, SSD garbage collection, neighbours on a VM) and the position in a
 * round fall on every side alike.
 * Prints every run's IOPS, the medians, their ratio to "off", and the noise of "off" itself (max - min over its
 * runs, relative to its median): a ratio within that noise is no measurable cost. It prints, it asserts nothing.
 *
 * <p>Then the size of the logs: the bytes each job writes per interval, measured in the runs above, and from it the
 * size of a 60 s run with 8 jobs at each interval. With {@code -Dlogcost.sizeRun=true} that run is also made for
 * real (60 s per interval, so not part of a normal run), and its measured size printed next to the estimate.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/mayabench-cp.txt
 * java -cp benchmarks/target/test-classes:$(cat /tmp/mayabench-cp.txt) \
 *     [-Dlogcost.runtime=10s -Dlogcost.rounds=3 -Dlogcost.intervals=100ms,500ms,1s -Dlogcost.sizeRun=true] \
 *     dev.mayabench.benchmarks.LogIntervalCost
 * </pre>
 * The job is the {@code randread-4k} profile (libaio, direct, iodepth 32, 4 jobs) on files under
 * {@code logcost.dir} (default {@code benchmarks/target/logcost}). The default interval in
 * {@code TimelineLogs.DEFAULT_INTERVAL} was chosen from this class's figures.
 */
public final class LogIntervalCost {

    static final String PROFILE = "randread-4k";
    static final String OFF = "off";

    private LogIntervalCost() {
    }

    public static void main(String[] args) throws IOException {
        String runtime = System.getProperty("logcost.runtime", "10s");
        String size = System.getProperty("logcost.size", "256m");
        int rounds = Integer.getInteger("logcost.rounds", 3);
        List<String> intervals = List.of(System.getProperty("logcost.intervals", "100ms,500ms,1s").split(","));
        Path base = Path.of(System.getProperty("logcost.dir", "benchmarks/target/logcost")).toAbsolutePath();
        Path data = Files.createDirectories(base.resolve("data"));
        Path runs = Files.createDirectories(base.resolve("runs"));
        FioRunner fio = new FioRunner(System.getProperty("mayabench.fio.executable", "fio"));

        List<String> settings = new ArrayList<>();
        settings.add(OFF);
        settings.addAll(intervals);
        Map<String, List<Double>> iops = new LinkedHashMap<>();
        Map<String, List<Double>> bytesPerJobInterval = new LinkedHashMap<>();
        settings.forEach(s -> iops.put(s, new ArrayList<>()));
        // one run that is not counted: the first run after layout read 20% below the rest here (cold caches)
        fio.run(job(runtime, size, "4", OFF), data, runs, "logcost-warmup");
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(settings);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (String setting : order) {
                FioJob job = job(runtime, size, "4", setting);
                String name = "logcost-" + setting;
                FioRun run = fio.run(job, data, runs, name);
                FioResult result = FioResult.parse(run.output());
                double total = result.read().iops() + result.write().iops();
                iops.get(setting).add(total);
                line.append(String.format(Locale.ROOT, "  %s %.0f", setting, total));
                if (!setting.equals(OFF)) {
                    long bytes = logBytes(runs, name);
                    long lines = intervalsLogged(runs, name);
                    bytesPerJobInterval.computeIfAbsent(setting, s -> new ArrayList<>())
                            .add(lines == 0 ? 0 : (double) bytes / lines);
                }
            }
            System.out.println(line);
        }

        List<Double> off = iops.get(OFF);
        double offMedian = ExtensionOverhead.median(off);
        double noise = (max(off) - min(off)) / offMedian;
        System.out.printf(Locale.ROOT, "%n%s, runtime %s, size %s, %d rounds, order reversed every other round%n",
                PROFILE, runtime, size, rounds);
        System.out.printf(Locale.ROOT, "noise of 'off' (max - min over its runs / median): %.1f%%%n", noise * 100);
        System.out.printf(Locale.ROOT, "%-8s %12s %10s  %-12s %s%n", "logs", "IOPS median", "vs off", "verdict",
                "runs");
        for (String setting : settings) {
            double median = ExtensionOverhead.median(iops.get(setting));
            double ratio = median / offMedian;
            String verdict = setting.equals(OFF) ? "" : Math.abs(median - offMedian) <= max(off) - min(off)
                    ? "within noise" : ratio < 1 ? "COSTS" : "above";
            System.out.printf(Locale.ROOT, "%-8s %12.0f %10.3f  %-12s %s%n", setting, median, ratio, verdict,
                    iops.get(setting).stream().map(Math::round).toList());
        }

        System.out.printf(Locale.ROOT, "%nlog size (iops + bw + clat_hist logs), per job and interval, and for a 60 s "
                + "run with 8 jobs:%n");
        for (String setting : intervals) {
            double perJobInterval = ExtensionOverhead.median(bytesPerJobInterval.get(setting));
            double intervalSeconds = parseSeconds(setting);
            double estimate = perJobInterval * 8 * (60 / intervalSeconds);
            System.out.printf(Locale.ROOT, "%-8s %8.0f bytes per job and interval -> 60 s x 8 jobs: %.1f MiB "
                    + "(estimate)%n", setting, perJobInterval, estimate / (1 << 20));
        }
        if (Boolean.getBoolean("logcost.sizeRun")) {
            for (String setting : intervals) {
                String name = "logcost-60s-" + setting;
                fio.run(job("60s", size, "8", setting), data, runs, name);
                System.out.printf(Locale.ROOT, "%-8s 60 s x 8 jobs measured: %.1f MiB in %d files%n", setting,
                        logBytes(runs, name) / (double) (1 << 20), logFiles(runs, name).size());
            }
        }
    }

    private static FioJob job(String runtime, String size, String numjobs, String interval) {
        return FioJob.profile(PROFILE).withOverrides(Map.of(
                        "runtime", new SourcedValue(runtime, "logcost.runtime"),
                        "size", new SourcedValue(size, "logcost.size"),
                        "numjobs", new SourcedValue(numjobs, "logcost numjobs")))
                .withLogInterval(new SourcedValue(interval, "logcost.intervals"));
    }

    /** The interval logs of one run: {@code <name>_iops.<n>.log}, {@code _bw}, {@code _clat_hist}. */
    private static List<Path> logFiles(Path runs, String name) throws IOException {
        try (Stream<Path> files = Files.list(runs)) {
            return files.filter(f -> f.getFileName().toString()
                    .matches(java.util.regex.Pattern.quote(name) + "_(iops|bw|clat_hist)\\.\\d+\\.log")).toList();
        }
    }

    private static long logBytes(Path runs, String name) throws IOException {
        long total = 0;
        for (Path file : logFiles(runs, name)) {
            total += Files.size(file);
        }
        return total;
    }

    /** Job-intervals logged: the lines of all iops logs (one per job, direction and interval). */
    private static long intervalsLogged(Path runs, String name) throws IOException {
        long lines = 0;
        for (Path file : logFiles(runs, name)) {
            if (file.getFileName().toString().contains("_iops.")) {
                try (Stream<String> l = Files.lines(file)) {
                    lines += l.filter(s -> !s.isBlank()).count();
                }
            }
        }
        return lines;
    }

    private static double parseSeconds(String interval) {
        String t = interval.trim();
        if (t.endsWith("ms")) {
            return Double.parseDouble(t.substring(0, t.length() - 2)) / 1000;
        }
        return Double.parseDouble(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }
}
