package dev.mayabench.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Benchmark (not a test): does running fio through the extension cost IOPS? Runs the same job alternately as
 * a plain {@code fio} command and through {@code @Fio} on the JUnit Platform, {@code rounds} times each,
 * and prints every figure, the medians and their ratio (extension / plain; at least 0.97 is the target).
 * Alternating, rather than three of one then three of the other, spreads drift of the disk (caches, SSD
 * garbage collection, neighbours on a VM) over both sides.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.mayabench.benchmarks.ExtensionOverhead [-Doverhead.runtime=10s -Doverhead.rounds=3]
 * </pre>
 */
public final class ExtensionOverhead {

    static final String PROFILE = "randread-4k";

    /** Where the JUnit-side run hands its result back to the benchmark. */
    static volatile FioResult lastExtensionResult;

    private ExtensionOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String runtime = System.getProperty("overhead.runtime", "10s");
        String size = System.getProperty("overhead.size", "256m");
        int rounds = Integer.getInteger("overhead.rounds", 3);
        Path base = Path.of(System.getProperty("overhead.dir", "target/overhead")).toAbsolutePath();
        Path plainDir = Files.createDirectories(base.resolve("plain"));
        System.setProperty("mayabench.local.dir", base.toString());
        System.setProperty("mayabench.fio.runtime", runtime);
        System.setProperty("mayabench.fio.size", size);

        FioJob job = FioJob.profile(PROFILE).withOverrides(Map.of(
                "runtime", new SourcedValue(runtime, "overhead.runtime"),
                "size", new SourcedValue(size, "overhead.size")));
        List<Double> plain = new ArrayList<>();
        List<Double> extension = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            plain.add(plainFio(job, plainDir, round));
            extension.add(throughExtension());
            System.out.printf(Locale.ROOT, "round %d: plain fio %.0f IOPS, through the extension %.0f IOPS%n",
                    round, plain.get(round - 1), extension.get(round - 1));
        }
        double ratio = median(extension) / median(plain);
        System.out.printf(Locale.ROOT, "%s, runtime %s, size %s, %d rounds%n", PROFILE, runtime, size, rounds);
        System.out.printf(Locale.ROOT, "median IOPS: plain fio %.0f, extension %.0f, ratio %.3f (target >= 0.97): %s%n",
                median(plain), median(extension), ratio, ratio >= 0.97 ? "OK" : "BELOW TARGET");
    }

    /** The job as a user would run it by hand: same job file text, fio straight from the shell. */
    private static double plainFio(FioJob job, Path dir, int round) throws IOException, InterruptedException {
        Path jobFile = job.writeTo(dir.resolve("plain-" + round + ".fio"), dir);
        Path output = dir.resolve("plain-" + round + ".json");
        Process fio = new ProcessBuilder("fio", "--output-format=json+", "--output=" + output, jobFile.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("plain-" + round + ".log").toFile())
                .start();
        if (fio.waitFor() != 0) {
            throw new IllegalStateException("plain fio failed, see " + dir.resolve("plain-" + round + ".log"));
        }
        return FioResult.parse(output).read().iops();
    }

    private static double throughExtension() {
        lastExtensionResult = null;
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(OverheadProbe.class))
                .build(), summary);
        if (summary.getSummary().getTotalFailureCount() > 0 || lastExtensionResult == null) {
            throw new IllegalStateException("the extension run failed: "
                    + summary.getSummary().getFailures().stream().map(f -> f.getException().toString()).toList());
        }
        return lastExtensionResult.read().iops();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The extension side: the same profile; runtime and size come from mayabench.fio.* set in main. */
    @MayastorCluster(name = "overhead")
    static class OverheadProbe {

        @Test
        @Fio(profile = PROFILE)
        void measure(FioResult result) {
            lastExtensionResult = result;
        }
    }
}
