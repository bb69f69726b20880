package dev.mayabench.reports;

import static dev.mayabench.assertj.FioAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.fio.FioNotInstalledException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Benchmarks that end every way a real one can, run on the JUnit Platform with the Allure listener, so the
 * report tests work on results Allure itself wrote. The failures use mayabench's real assertion and exception
 * types: categories.json matches their messages and class names.
 */
final class SampleBenchmarks {

    private SampleBenchmarks() {
    }

    /** Runs the sample classes; their Allure results go to {@code results}. */
    static void runInto(Path results) {
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        // no auto-registration: the Allure listener on the classpath would also write to this module's results
        LauncherConfig config = LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new AllureJunitPlatform(lifecycle))
                .build();
        LauncherFactory.create(config).execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LocalDisk.class), selectClass(BrokenSetUp.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build());
    }

    /** A real fio 3.33 run (randread 4k, libaio, direct, 1 s), captured once. */
    static FioResult capturedResult() {
        try {
            Path json = Path.of(Objects.requireNonNull(SampleBenchmarks.class.getResource("randread-4k.json"))
                    .toURI());
            return FioResult.parse(json).withOrigin("randread-4k", json);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static class LocalDisk {

        @Test
        void fastEnough() {
            assertThat(capturedResult()).read().hasIopsAtLeast(1);
        }

        @Test
        void tooSlow() {
            assertThat(capturedResult()).read().hasIopsAtLeast(1e12);
        }

        @Test
        void fioMissing() {
            throw new FioNotInstalledException("fio", "error=2, No such file or directory",
                    new IOException("Cannot run program \"fio\""));
        }

        @Test
        void wrongSetting() {
            throw new ConfigurationException(new Problem("storageNodes", "-3", "a whole number from 1 to 100", "",
                    "system property mayabench.storageNodes"));
        }

        @Test
        @SuppressWarnings("null")
        void bugInTest() {
            String profile = null;
            profile.length();
        }

        @Test
        void wrongJobName() {
            assertThat(capturedResult()).job("seqwrite");
        }
    }

    /** The cluster's set-up fails before any test runs, as a failed provision stage does. */
    static class BrokenSetUp {

        @BeforeAll
        static void provision() {
            throw new StageFailedException(StageName.PROVISION, "no capacity for i3.xlarge in eu-west-1a: "
                    + "choose another zone with mayabench.region");
        }

        @Test
        void neverRuns() {
        }
    }
}
