package dev.mayabench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.assertj.FioAssertions;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.fio.DataCorruptionException;
import dev.mayabench.fio.FioFailedException;
import dev.mayabench.fio.FioNotInstalledException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.NotEnoughSpaceException;
import dev.mayabench.stage.MissingStageOutputException;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Every kind of failure lands in exactly one of mayabench's categories. Matching follows Allure's
 * {@code CategoriesPlugin.matches}: status in {@code matchedStatuses}, and {@code messageRegex} /
 * {@code traceRegex} matching the whole message / stack trace with {@code DOTALL}; a result gets every category
 * it matches, which is why the categories exclude each other. The end-to-end check through the real command
 * line is in {@link AllureReportTest}.
 */
class CategoriesTest {

    record Category(String name, String description, List<String> matchedStatuses, String messageRegex,
            String traceRegex) {

        boolean matches(String status, Throwable failure) {
            return matchedStatuses.contains(status)
                    && (messageRegex == null || failure.getMessage() != null && matches(failure.getMessage(), messageRegex))
                    && (traceRegex == null || matches(trace(failure), traceRegex));
        }

        private static boolean matches(String text, String regex) {
            return Pattern.compile(regex, Pattern.DOTALL).matcher(text).matches();
        }
    }

    static List<Category> categories;
    static FioResult result = SampleBenchmarks.capturedResult();

    @BeforeAll
    static void readCategories() throws IOException {
        try (InputStream in = AllureReport.class.getResourceAsStream("categories.json")) {
            categories = List.of(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Category[].class));
        }
    }

    @Test
    void everyThresholdOfFioAssertionsIsABreach() {
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).read().hasIopsAtLeast(1e12)))
                .isEqualTo("Threshold breaches");
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).read().hasBandwidthMiBAtLeast(1e9)))
                .isEqualTo("Threshold breaches");
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).read()
                .hasMeanLatencyAtMost(Duration.ofNanos(1)))).isEqualTo("Threshold breaches");
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).read()
                .hasLatencyPercentileAtMost(99.0, Duration.ofNanos(1)))).isEqualTo("Threshold breaches");
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).job("randread").read()
                .hasIopsAtLeast(1e12))).isEqualTo("Threshold breaches");
    }

    @Test
    void failedFioExpectThresholdsAreBreaches() {
        assertThat(categoryOf(() -> {
            throw new org.opentest4j.AssertionFailedError("1 of 2 threshold(s) failed:\n"
                    + "  threshold       limit      measured     verdict\n"
                    + "  read.p99 < 1ms  < 1.000 ms  1.730 ms    FAIL\n"
                    + "fio output: target/mayabench/results/X/randomRead.json");
        })).isEqualTo("Threshold breaches");
    }

    @Test
    void dataCorruptionIsItsOwnCategoryNotAnInfrastructureFailure() {
        assertThat(categoryOf(() -> {
            throw new DataCorruptionException("verify (integrity)", List.of("crc32c: verify failed at file "
                    + "/data/verify.0.0 offset 409600, length 4096"), 1, List.of("fio", "job.fio"), "...");
        })).isEqualTo("Data corruption");
        assertThat(categoryOf(() -> {
            throw new IllegalStateException("workload failed", new DataCorruptionException("verify", List.of(
                    "verify: bad magic header 0, wanted acca at file /data/verify.0.0 offset 0"), 1,
                    List.of("fio"), "..."));
        })).isEqualTo("Data corruption");
    }

    @Test
    void otherAssertionsAreNotBreaches() {
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).job("seqwrite")))
                .isEqualTo("Other failed assertions");
        assertThat(categoryOf(() -> FioAssertions.assertThat(result).hasJobCount(4)))
                .isEqualTo("Other failed assertions");
        assertThat(categoryOf(() -> Assertions.assertThat(result.jobs()).isEmpty()))
                .isEqualTo("Other failed assertions");
    }

    @Test
    void stageAndFioFailuresAreInfrastructureAlsoWhenWrapped() {
        assertThat(categoryOf(() -> {
            throw new StageFailedException(StageName.KUBERNETES, "k3s did not become ready within 5 min");
        })).isEqualTo("Infrastructure failures");
        assertThat(categoryOf(() -> {
            throw new MissingStageOutputException(StageName.KUBERNETES, List.of(Path.of("admin.conf")),
                    Path.of("target/mayabench/demo"));
        })).isEqualTo("Infrastructure failures");
        assertThat(categoryOf(() -> {
            throw new FioNotInstalledException("fio", "error=2", new IOException("Cannot run program \"fio\""));
        })).isEqualTo("Infrastructure failures");
        assertThat(categoryOf(() -> {
            throw new ParameterResolutionException("Failed to resolve parameter [FioResult result]",
                    new FioFailedException("fio exited with 1", 1, List.of("fio", "job.fio"), "bad option"));
        })).isEqualTo("Infrastructure failures");
        assertThat(categoryOf(() -> {
            throw new IllegalStateException("set-up failed", new NotEnoughSpaceException(Path.of("/tmp"),
                    1L << 30, 1L << 20, "fio needs 1 GiB in /tmp but 1 MiB is free"));
        })).isEqualTo("Infrastructure failures");
    }

    @Test
    void settingsAndParametersAreConfiguration() {
        assertThat(categoryOf(() -> {
            throw new ConfigurationException(new Problem("fio.profile", "randred-4k", "one of randread-4k",
                    "did you mean 'randread-4k'?"));
        })).isEqualTo("Configuration errors");
        assertThat(categoryOf(() -> {
            throw new ParameterResolutionException("no fio result for void x(FioResult): annotate the test method "
                    + "or its class with @Fio(profile = \"randread-4k\") to run fio before the test");
        })).isEqualTo("Configuration errors");
    }

    @Test
    void anythingElseIsAnErrorInTheTest() {
        assertThat(categoryOf(() -> {
            throw new NullPointerException("profile is null");
        })).isEqualTo("Errors in the test");
        // naming an infrastructure exception in a message does not make it one
        assertThat(categoryOf(() -> {
            throw new IllegalStateException("expected a dev.mayabench.fio.FioFailedException\n"
                    + "dev.mayabench.fio.FioFailedException was not thrown");
        })).isEqualTo("Errors in the test");
        // a failure in clean-up, suppressed by the test's own failure, does not decide the category
        assertThat(categoryOf(() -> {
            IllegalArgumentException failure = new IllegalArgumentException("bad block size");
            failure.addSuppressed(new StageFailedException(StageName.TEARDOWN, "could not delete the volume"));
            throw failure;
        })).isEqualTo("Errors in the test");
    }

    /** The one category a test that threw this gets; fails when there are none or several. */
    private static String categoryOf(Runnable test) {
        Throwable failure = catchThrowable(test::run);
        assertThat(failure).as("the sample test failed").isNotNull();
        // as Allure's listener decides: assertion errors are failed, any other exception is broken
        String status = failure instanceof AssertionError ? "failed" : "broken";
        List<String> matched = categories.stream().filter(c -> c.matches(status, failure)).map(Category::name)
                .toList();
        assertThat(matched).as("categories of %s%n%s", status, trace(failure)).hasSize(1);
        return matched.get(0);
    }

    private static String trace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
