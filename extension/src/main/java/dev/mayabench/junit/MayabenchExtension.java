package dev.mayabench.junit;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.RepeatStatistics;
import dev.mayabench.fio.SweepResult;
import dev.mayabench.internal.log.ConsoleMode;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.report.AllureEnvironment;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.report.FioCharts;
import dev.mayabench.report.FioReport;
import dev.mayabench.stage.StageName;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension behind {@link MayastorCluster} and {@link Fio}; both annotations register it,
 * so users rarely name it. It
 * <ol>
 *   <li>builds the {@code ClusterSpec} of the test class in {@code beforeAll} (all configuration errors at
 *       once),</li>
 *   <li>sets up the cluster (the stage pipeline) once per distinct spec and keeps it in the root
 *       {@link ExtensionContext.Store}, which tears it down after the last test class (or a JVM shutdown
 *       hook does, on Ctrl-C),</li>
 *   <li>runs fio before every test that has {@code @Fio} and resolves {@link FioResult} and {@link Cluster}
 *       parameters.</li>
 * </ol>
 *
 * <pre>{@code
 * @ExtendWith(MayabenchExtension.class)   // what @MayastorCluster and @Fio do for you
 * class PlainBenchmark {
 *     @Test @Fio(profile = "seqread-128k", runtime = "10s")
 *     void sequentialRead(FioResult result) {
 *         assertThat(result).read().hasBandwidthAtLeast(100 * 1024);
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE)
public final class MayabenchExtension implements BeforeAllCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, AfterAllCallback, ParameterResolver, TestWatcher {

    private static final Namespace NAMESPACE = Namespace.create(MayabenchExtension.class);
    private static final String SPEC = "spec";
    private static final String RESULT = "result";
    private static final String VERDICT = "verdict";
    private static final String SUMMARY = "summary";
    private static final String SWEEP = "sweep";
    /**
     * Report-entry key of a setting that does not apply to the provider. Allure's listener (allure-java,
     * allure-junit-platform/src/main/java/io/qameta/allure/junitplatform/AllureJunitPlatform.java,
     * reportingEntryPublished) acts only on its own keys (allure.fixture, allure.parameter, stdout, stderr) and
     * ignores others, so these entries do not disturb its fixtures.
     */
    static final String NOT_APPLICABLE_ENTRY = "mayabench.notApplicable";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ConsoleMode.current(); // a bad mayabench.console fails the class like any other bad setting
        ClusterSpec spec = spec(context);
        FioSettings.checkExpectations(context.getRequiredTestClass());
        // also as report entries, for IDEs and other launcher listeners (see RunVerdict.reportEntries)
        spec.notApplicable().stream().filter(line -> !line.isBlank()) // JUnit refuses blank values
                .forEach(line -> context.publishReportEntry(NOT_APPLICABLE_ENTRY, line));
        String title = "mayabench cluster '" + spec.name() + "' (" + spec.provider() + ")";
        AllureReporter.fixture(context, title, () -> {
            LiveCluster cluster = cluster(context, spec);
            reportSettings(cluster);
            return cluster;
        });
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        Optional<FioSettings> settings = fioSettings(context);
        Optional<FioSweep> sweep = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), FioSweep.class);
        if (settings.isEmpty() && sweep.isEmpty()) {
            return;
        }
        if (spec(context).skip().contains(StageName.WORKLOAD)) {
            throw new TestAbortedException("fio not run: the workload stage is skipped by mayabench.skip "
                    + spec(context).skip());
        }
        if (sweep.isPresent()) {
            context.getStore(NAMESPACE).put(SWEEP, runSweep(context, sweep.get(), settings));
            return;
        }
        FioJob job = settings.get().job();
        FioResult result = runWorkload(context, settings.get(), job);
        context.getStore(NAMESPACE).put(RESULT, result);
        RunVerdict verdict = RunVerdict.of(settings.get().thresholds(), job, result);
        verdict.report();
        verdict.reportEntries().forEach(context::publishReportEntry);
        context.getStore(NAMESPACE).put(VERDICT, verdict);
        summary(context).add(context.getDisplayName().replaceFirst("\\(.*\\)$", ""), result, verdict);
        SuiteSummary.record(context, spec(context), result, verdict); // entries + summary rows (pending)
    }

    /** What the class's tests measured, printed as one table when the class ends (in the Maven log). */
    @Override
    public void afterAll(ExtensionContext context) {
        ClassSummary summary = context.getStore(NAMESPACE).get(SUMMARY, ClassSummary.class);
        if (summary != null && !summary.isEmpty()) {
            summary.print(System.out);
        }
    }

    private static ClassSummary summary(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(SUMMARY,
                key -> new ClassSummary(classContext.getRequiredTestClass().getSimpleName()), ClassSummary.class);
    }

    /** Judges the run's thresholds (and, under {@code mayabench.strict}, its guardrails) after the test body. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        RunVerdict verdict = context.getStore(NAMESPACE).get(VERDICT, RunVerdict.class);
        if (verdict == null) {
            return;
        }
        Optional<org.opentest4j.AssertionFailedError> failure = verdict.failure(spec(context).strict());
        if (failure.isPresent()) {
            // when the body failed too, JUnit keeps its failure and adds this one to it as suppressed
            throw failure.get();
        }
    }

    /** The suite summary's verdict is the test's outcome as JUnit sees it, known only now (SuiteSummary). */
    @Override
    public void testSuccessful(ExtensionContext context) {
        SuiteSummary.conclude(context, SuiteSummary.PASSED);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SuiteSummary.conclude(context, SuiteSummary.FAILED);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        SuiteSummary.conclude(context, SuiteSummary.ABORTED);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Cluster.class || type == FioResult.class || type == SweepResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Cluster.class) {
            return cluster(context, spec(context));
        }
        if (type == SweepResult.class) {
            return Optional.ofNullable(context.getStore(NAMESPACE).get(SWEEP, SweepResult.class)).orElseThrow(() ->
                    new ParameterResolutionException("no sweep result for " + parameter.getDeclaringExecutable()
                            + ": annotate the test method with @FioSweep(iodepth = {1, 4, 16}) to run the sweep"));
        }
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a FioResult can only be injected into a test method, not into "
                    + parameter.getDeclaringExecutable() + "; take it in the @Test method");
        }
        FioResult result = context.getStore(NAMESPACE).get(RESULT, FioResult.class);
        if (result == null) {
            throw new ParameterResolutionException("no fio result for " + parameter.getDeclaringExecutable()
                    + ": annotate the test method or its class with @Fio(profile = \"randread-4k\") to run fio "
                    + "before the test");
        }
        return result;
    }

    /** The spec of the test class, built once per class (all configuration problems reported at once). */
    private static ClusterSpec spec(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(SPEC,
                key -> ClusterSpec.load(clusterAnnotation(classContext.getRequiredTestClass()).orElse(null),
                        ConfigSources.current()),
                ClusterSpec.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** {@code @MayastorCluster} on the class, a superclass, or an enclosing class of a {@code @Nested} one. */
    static Optional<MayastorCluster> clusterAnnotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<MayastorCluster> found = AnnotationSupport.findAnnotation(c, MayastorCluster.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The live cluster of this spec: set up on first use and shared by every class with the same spec. The
     * root store closes it after the last class; a failed set-up is remembered, so later classes fail at once
     * with the same cause instead of provisioning again.
     */
    private static LiveCluster cluster(ExtensionContext context, ClusterSpec spec) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster:" + spec.identity(),
                key -> LiveCluster.start(spec), LiveCluster.class);
    }

    private static void reportSettings(LiveCluster cluster) {
        StringBuilder text = new StringBuilder();
        cluster.settings().forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        if (!cluster.notApplicableSettings().isEmpty()) {
            text.append("\nnot applicable to provider '").append(cluster.provider()).append("':\n");
            cluster.notApplicableSettings().forEach(line -> text.append("  - ").append(line).append('\n'));
        }
        AllureReporter.attachText("settings", "text/plain", "txt", text.toString());
        if (!cluster.notApplicableSettings().isEmpty()) {
            AllureReporter.skippedStep("settings not applicable to provider '" + cluster.provider() + "'",
                    String.join("; ", cluster.notApplicableSettings()));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("cluster", cluster.name());
        environment.put("provider", cluster.provider());
        cluster.facts().forEach(environment::put);
        cluster.settings().forEach((k, v) -> environment.put("setting." + k, v));
        AllureEnvironment.record(cluster.name(), environment);
        AllureReporter.attachText("environment", "text/plain", "txt", environment.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).reduce("", (a, b) -> a + b + "\n"));
    }

    private static Optional<FioSettings> fioSettings(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        Optional<Fio> onMethod = AnnotationSupport.findAnnotation(method, Fio.class);
        Optional<Fio> onClass = Optional.empty();
        for (Class<?> c = testClass; c != null && onClass.isEmpty(); c = c.getEnclosingClass()) {
            onClass = AnnotationSupport.findAnnotation(c, Fio.class);
        }
        if (onMethod.isEmpty() && onClass.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(FioSettings.of(onClass, onMethod, testClass, method, spec(context).fio()));
    }

    private static FioResult runWorkload(ExtensionContext context, FioSettings settings, FioJob job)
            throws Exception {
        LiveCluster cluster = cluster(context, spec(context));
        int repeat = settings.repeat();
        Class<?> testClass = context.getRequiredTestClass();
        String runName = runName(context);
        java.nio.file.Path runDirectory = Locations.resultsRoot().resolve(Locations.fileName(testClass.getName()));
        dev.mayabench.fio.Precondition inPods = PreconditionStep.before(context, cluster, settings, job, runDirectory,
                runName);
        List<FioResult> runs = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            String name = repeat == 1 ? runName : runName + "-run" + i;
            String title = "workload: fio " + job.name() + (repeat == 1 ? "" : " (run " + i + " of " + repeat + ")");
            runs.add(AllureReporter.step(title, () -> PreconditionStep.measure(context, cluster, inPods, job,
                    settings.volumeMode(), runDirectory, name)));
        }
        FioResult result;
        if (repeat == 1) {
            result = runs.get(0);
        } else {
            RepeatStatistics spread = RepeatStatistics.of(runs);
            result = medianByIops(runs).withRepeats(spread);
            FioReport.attachRepeats(runs, result, spread);
            try {
                FioCharts.attachRepeats(runs, runDirectory, runName);
            } catch (RuntimeException | Error e) {
                MayabenchLog.of(MayabenchExtension.class).warn("no chart of the repeated runs of {}: {}",
                        runName, e.toString());
            }
        }
        return Baselines.apply(spec(context), testClass, runName, result);
    }

    /** Runs a {@link FioSweep} (its {@link Fio} job, or the default profile, once per point); see {@link SweepRun}. */
    private static SweepResult runSweep(ExtensionContext context, FioSweep sweep, Optional<FioSettings> settings)
            throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        FioSettings fio = settings.orElseGet(() -> FioSettings.of(Optional.empty(), Optional.empty(), testClass,
                method, spec(context).fio()));
        List<dev.mayabench.fio.SweepPlan.Point> points = SweepRun.plan(sweep, fio, SweepRun.origin(testClass, method));
        return SweepRun.run(sweep, points, cluster(context, spec(context)), fio,
                Locations.resultsRoot().resolve(Locations.fileName(testClass.getName())), runName(context), context,
                spec(context));
    }

    /**
     * With {@code repeat = N} the test gets the run with the median total IOPS: a real measurement (not an
     * average of percentiles, which fio cannot produce), and robust against one disturbed run.
     */
    static FioResult medianByIops(List<FioResult> runs) {
        List<FioResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(r -> r.read().iops() + r.write().iops()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The method name, plus the invocation's display name for parameterized and repeated tests. */
    private static String runName(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        String uniqueId = context.getUniqueId();
        boolean invocation = uniqueId.contains("-invocation:#");
        if (!invocation) {
            return Locations.fileName(method);
        }
        String index = uniqueId.substring(uniqueId.lastIndexOf("#") + 1).replace("]", "");
        return Locations.fileName(method + "-" + index);
    }
}
