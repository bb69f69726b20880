package dev.mayabench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs a test class through the real JUnit Launcher with Allure recording into a directory of its own, as a user's
 * build does, for the end-to-end tests of the cloud providers; the previous Allure lifecycle is restored afterwards.
 */
final class LauncherWithAllure {

    private LauncherWithAllure() {
    }

    static SummaryGeneratingListener run(Class<?> testClass, Path results) {
        AllureLifecycle previous = Allure.getLifecycle();
        System.setProperty("allure.results.directory", results.toString());
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        try {
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                    .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                            new AllureJunitPlatform(lifecycle), summary);
            return summary;
        } finally {
            Allure.setLifecycle(previous);
            System.clearProperty("allure.results.directory");
        }
    }

    /** Every Allure result file's text, joined. */
    static String allText(Path results) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                texts.add(Files.readString(f));
            }
        }
        return String.join("\n", texts);
    }
}
