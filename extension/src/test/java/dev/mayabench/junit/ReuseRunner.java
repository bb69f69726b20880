package dev.mayabench.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs one test class in a JVM of its own, as {@code mvn test} or an IDE would; exits with the failure count. */
public final class ReuseRunner {

    private ReuseRunner() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0]))).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
        System.exit((int) (summary.getSummary().getTotalFailureCount()
                + summary.getSummary().getContainersFailedCount()));
    }
}
