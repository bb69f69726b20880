package dev.mayabench.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Benchmark (not a test): does switching on JUnit's parallel execution change the figures of a class of
 * {@code @Fio} tests? Runs the same class of four tests alternately serially and with
 * {@code junit.jupiter.execution.parallel.enabled=true} (methods and classes concurrent), {@code rounds} times each,
 * and prints each test's IOPS per round, the medians, and how long the class took both ways.
 *
 * <p>The machine's noise is measured, not assumed: it is the spread (max - min) of each test's IOPS over the
 * serial rounds, relative to their median. A parallel median within that spread of the serial median is "within
 * noise". Alternating serial and parallel rounds spreads drift of the disk (caches, SSD garbage collection, VM
 * neighbours) over both sides. Without {@code @Fio}'s exclusive resource the parallel figures would be several
 * times lower (issue 14 measured about 5x, with 8x the p99).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/mayabench-cp.txt
 * java -cp benchmarks/target/test-classes:$(cat /tmp/mayabench-cp.txt) \
 *     [-Dparallel.runtime=5s -Dparallel.size=64m -Dparallel.rounds=3] dev.mayabench.benchmarks.ParallelFigures
 * </pre>
 * ({@code exec:java} with {@code -am} runs in the parent module first, which does not have the class.)
 */
public final class ParallelFigures {

    static final Map<String, FioResult> RESULTS = new ConcurrentHashMap<>();

    private ParallelFigures() {
    }

    public static void main(String[] args) {
        String runtime = System.getProperty("parallel.runtime", "5s");
        String size = System.getProperty("parallel.size", "64m");
        int rounds = Integer.getInteger("parallel.rounds", 3);
        System.setProperty("mayabench.fio.runtime", runtime);
        System.setProperty("mayabench.fio.size", size);

        Map<String, List<Double>> serial = new LinkedHashMap<>();
        Map<String, List<Double>> parallel = new LinkedHashMap<>();
        List<Double> serialSeconds = new ArrayList<>();
        List<Double> parallelSeconds = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            serialSeconds.add(runClass(false, serial));
            parallelSeconds.add(runClass(true, parallel));
            System.out.printf(Locale.ROOT, "round %d: serial %.1f s, parallel %.1f s%n", round,
                    serialSeconds.get(round - 1), parallelSeconds.get(round - 1));
        }

        System.out.printf(Locale.ROOT, "%d @Fio tests, runtime %s, size %s, %d rounds each way%n",
                serial.size(), runtime, size, rounds);
        System.out.printf(Locale.ROOT, "%-16s %12s %12s %8s %14s  %s%n", "test", "serial IOPS", "parallel IOPS",
                "ratio", "serial noise", "verdict");
        for (String test : serial.keySet()) {
            List<Double> s = serial.get(test);
            List<Double> p = parallel.get(test);
            double sm = ExtensionOverhead.median(s);
            double pm = ExtensionOverhead.median(p);
            double noise = (max(s) - min(s)) / sm;
            boolean within = Math.abs(pm - sm) <= max(s) - min(s);
            System.out.printf(Locale.ROOT, "%-16s %12.0f %12.0f %8.3f %13.1f%%  %s   serial %s parallel %s%n",
                    test, sm, pm, pm / sm, noise * 100, within ? "within noise" : "OUTSIDE noise", rounded(s),
                    rounded(p));
        }
        System.out.printf(Locale.ROOT, "class time (median): serial %.1f s, parallel %.1f s%n",
                ExtensionOverhead.median(serialSeconds), ExtensionOverhead.median(parallelSeconds));
    }

    /** Runs the class once and adds each test's total IOPS to {@code figures}; returns the wall time in seconds. */
    private static double runClass(boolean parallelOn, Map<String, List<Double>> figures) {
        RESULTS.clear();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FourFioTests.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallelOn));
        if (parallelOn) {
            request.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long t0 = System.nanoTime();
        launcher.execute(built, summary);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (summary.getSummary().getTotalFailureCount() > 0 || RESULTS.size() != 4) {
            throw new IllegalStateException("the class failed: " + summary.getSummary().getFailures().stream()
                    .map(f -> f.getException().toString()).toList());
        }
        RESULTS.forEach((test, result) -> figures.computeIfAbsent(test, t -> new ArrayList<>())
                .add(result.read().iops() + result.write().iops()));
        return seconds;
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    /** Four different workloads on one local cluster; runtime and size come from mayabench.fio.* set in main. */
    @MayastorCluster(name = "parallel-figures")
    static class FourFioTests {

        @Test
        @Fio(profile = "randread-4k")
        void randomRead(FioResult result) {
            RESULTS.put("randread-4k", result);
        }

        @Test
        @Fio(profile = "randwrite-4k")
        void randomWrite(FioResult result) {
            RESULTS.put("randwrite-4k", result);
        }

        @Test
        @Fio(profile = "seqread-128k")
        void sequentialRead(FioResult result) {
            RESULTS.put("seqread-128k", result);
        }

        @Test
        @Fio(profile = "seqwrite-128k")
        void sequentialWrite(FioResult result) {
            RESULTS.put("seqwrite-128k", result);
        }
    }
}
