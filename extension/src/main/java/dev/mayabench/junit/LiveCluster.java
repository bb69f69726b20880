package dev.mayabench.junit;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.provision.Provisioner;
import dev.mayabench.provision.Provisioners;
import dev.mayabench.provision.WorkloadRun;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.report.FioCharts;
import dev.mayabench.report.FioReport;
import dev.mayabench.stage.Durations;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.RemovalCommand;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.StageObserver;
import dev.mayabench.stage.StageReport;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A cluster that has been set up: owns its workspace, provisioner and pipeline, runs workloads, and tears
 * itself down exactly once — when the JUnit store that holds it closes, or from a JVM shutdown hook when the
 * run is interrupted (Ctrl-C), whichever comes first.
 */
final class LiveCluster implements Cluster, AutoCloseable {

    static final String SETTING_PREFIX = "setting.";
    private static final Logger LOG = MayabenchLog.of(LiveCluster.class);

    private final ClusterSpec spec;
    private final Workspace workspace;
    private final Provisioner provisioner;
    private final Pipeline pipeline;
    private final Map<String, String> facts;
    private final List<StageReport> setUp;
    private final Thread shutdownHook;
    private boolean closed;

    private LiveCluster(ClusterSpec spec, Workspace workspace, Provisioner provisioner, Pipeline pipeline,
                        Map<String, String> facts, List<StageReport> setUp) {
        this.spec = spec;
        this.workspace = workspace;
        this.provisioner = provisioner;
        this.pipeline = pipeline;
        this.facts = Map.copyOf(facts);
        this.setUp = List.copyOf(setUp);
        this.shutdownHook = new Thread(this::closeOnShutdown, "mayabench-teardown-" + spec.name());
    }

    /** Creates the workspace, checks the machine, runs the set-up stages; tears down what it made on failure. */
    static LiveCluster start(ClusterSpec spec) {
        long t0 = System.nanoTime();
        LOG.info("cluster '{}' (provider {}): setting up", spec.name(), spec.provider());
        spec.notApplicable().forEach(line -> LOG.warn("cluster '{}': {}", spec.name(), line));
        Workspace workspace = Workspace.open(Locations.workspaceOf(spec));
        Provisioner provisioner = Provisioners.create(spec, workspace);
        provisioner.preflight();
        recordState(spec, workspace);

        Pipeline.Builder builder = Pipeline.builder(workspace)
                .skippedByUser(spec.skip())
                .observer(new ReportingObserver());
        provisioner.contributeStages(builder);
        Pipeline pipeline = builder.build();
        List<StageReport> reports;
        try {
            reports = pipeline.setUp();
        } catch (StageFailedException e) {
            throw new StageFailedException(e.stage(), e.getMessage() + System.lineSeparator()
                    + tearDownAfterFailure(spec, pipeline, workspace), e.getCause() == null ? e : e.getCause());
        }
        Map<String, String> facts = provisioner.facts();
        LiveCluster cluster = new LiveCluster(spec, workspace, provisioner, pipeline, facts, reports);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        LOG.info("cluster '{}' ready in {} (workspace {})", spec.name(),
                Durations.human(Duration.ofNanos(System.nanoTime() - t0)), workspace.directory());
        return cluster;
    }

    private static void recordState(ClusterSpec spec, Workspace workspace) {
        WorkspaceState previous = workspace.state().orElse(null);
        if (previous != null && previous.identity().equals(spec.identity())
                && previous.provider().equals(spec.provider())) {
            // the reuse decision, said once where a user sees it: the stages find what exists and skip making it
            if (spec.reuse()) {
                LOG.info("cluster '{}': reusing the kept cluster in {} (same settings; {} resource(s) recorded); "
                        + "remove it with: {}", spec.name(), workspace.directory(), previous.resources().size(),
                        downCommand(spec, workspace));
            }
        }
        if (previous == null) {
            workspace.writeState(withSettings(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()),
                    spec));
        } else if (!previous.identity().equals(spec.identity()) || !previous.provider().equals(spec.provider())) {
            String changed = changedSettings(previous, spec);
            // What an earlier run left must still be torn down, so its resources are carried over.
            if (spec.reuse()) {
                LOG.warn("cluster '{}': the kept cluster in {} was made with other settings ({}); it is not the "
                        + "one asked for, so it is replaced, and the {} resource(s) it created are taken over by "
                        + "the new one (and deleted with it)", spec.name(), workspace.directory(), changed,
                        previous.resources().size());
            } else {
                LOG.info("cluster '{}': workspace {} held a cluster with other settings ({}); its {} leftover "
                        + "resource(s) will be torn down with this one", spec.name(), workspace.directory(), changed,
                        previous.resources().size());
            }
            WorkspaceState fresh = withSettings(WorkspaceState.fresh(spec.name(), spec.provider(), spec.identity()),
                    spec);
            for (WorkspaceState.CreatedResource r : previous.resources()) {
                fresh = fresh.withResource(r);
            }
            workspace.writeState(fresh);
        }
    }

    private static String tearDownAfterFailure(ClusterSpec spec, Pipeline pipeline, Workspace workspace) {
        if (spec.reuse()) {
            return "reuse is on, so nothing was torn down; still there: " + leftovers(workspace);
        }
        try {
            pipeline.tearDown();
            return "teardown after the failure: done; still there: " + leftovers(workspace)
                    + removeWith(spec, workspace);
        } catch (RuntimeException teardownFailure) {
            return "teardown after the failure ALSO failed (" + teardownFailure.getMessage() + "); still there: "
                    + leftovers(workspace) + removeWith(spec, workspace);
        }
    }

    /** The settings a cluster was made with, kept in its state so a later, different spec can be explained. */
    private static WorkspaceState withSettings(WorkspaceState state, ClusterSpec spec) {
        WorkspaceState with = state;
        for (Map.Entry<String, String> setting : spec.environment().entrySet()) {
            with = with.withAttribute(SETTING_PREFIX + setting.getKey(), setting.getValue());
        }
        return with;
    }

    /** Which settings differ between the recorded cluster and the spec: {@code storageNodes 3 → 5, ...}. */
    static String changedSettings(WorkspaceState previous, ClusterSpec spec) {
        List<String> changes = new java.util.ArrayList<>();
        if (!previous.provider().equals(spec.provider())) {
            changes.add("provider " + previous.provider() + " → " + spec.provider());
        }
        for (Map.Entry<String, String> setting : spec.environment().entrySet()) {
            String before = previous.attributes().get(SETTING_PREFIX + setting.getKey());
            if (before != null && !before.equals(setting.getValue())) {
                changes.add(setting.getKey() + " " + before + " → " + setting.getValue());
            }
        }
        return changes.isEmpty() ? "settings not recorded by this version" : String.join(", ", changes);
    }

    /**
     * The command that deletes what the workspace's state lists: {@code mayabench down} of the CLI
     * ({@code java -jar mayabench-cli.jar down ...}, or {@code mvn mayabench:down -Dmayabench.cluster=NAME} from a
     * Maven project); {@code --workspace} makes it work from any directory.
     */
    static String downCommand(ClusterSpec spec, Workspace workspace) {
        // mayabench down deletes only what these two providers make (cli.DownCommand); for a cluster that is the
        // user's (existing, k3s) it deletes nothing, so naming it would send the user to a command that does not help
        if (spec.provider().equals("aws") || spec.provider().equals("local")) {
            return RemovalCommand.of(spec.name(), workspace.directory());
        }
        return "kubectl delete, one by one, the objects " + workspace.file("state.json") + " lists (mayabench down "
                + "deletes only what providers aws and local made)";
    }

    /** {@code "; remove with: <command>"} when something is left, else nothing. */
    private static String removeWith(ClusterSpec spec, Workspace workspace) {
        boolean left = workspace.state().map(s -> !s.resources().isEmpty()).orElse(false);
        return left ? "; remove with: " + downCommand(spec, workspace) : "";
    }

    private static String leftovers(Workspace workspace) {
        List<WorkspaceState.CreatedResource> left = workspace.state()
                .map(WorkspaceState::resources).orElse(List.of());
        return left.isEmpty() ? "nothing" : left.toString() + " (recorded in " + workspace.file("state.json") + ")";
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String provider() {
        return spec.provider();
    }

    @Override
    public Path workspace() {
        return workspace.directory();
    }

    @Override
    public Map<String, String> settings() {
        return spec.describe();
    }

    @Override
    public List<String> notApplicableSettings() {
        return spec.notApplicable();
    }

    @Override
    public Map<String, String> facts() {
        return facts;
    }

    ClusterSpec spec() {
        return spec;
    }

    /** Whether the provider fills the target inside the workload run (Kubernetes: in the pods, once per kept volume). */
    boolean preconditionsInWorkload() {
        return provisioner.preconditionsInWorkload();
    }

    List<StageReport> setUpReports() {
        return setUp;
    }

    @Override
    public FioResult runFio(FioJob job, String runName) {
        return runFio(job, Locations.resultsRoot(), runName);
    }

    /** Runs one fio job (the workload stage of one test), saves and reports its output. */
    FioResult runFio(FioJob job, Path runDirectory, String runName) {
        return runFio(job, VolumeMode.FILESYSTEM, runDirectory, runName);
    }

    /** Runs one fio job on files or a raw block device (the workload stage of one test), saves and reports it. */
    FioResult runFio(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        return runFio(job, mode, dev.mayabench.fio.Precondition.none(), runDirectory, runName, run -> { });
    }

    /**
     * Like {@link #runFio(FioJob, VolumeMode, Path, String)}, the target filled inside the run first
     * ({@link #preconditionsInWorkload()}); {@code ran} sees the run before its result is reported.
     */
    FioResult runFio(FioJob job, VolumeMode mode, dev.mayabench.fio.Precondition precondition, Path runDirectory,
                     String runName, java.util.function.Consumer<WorkloadRun> ran) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("cluster '" + spec.name() + "' is already torn down");
            }
        }
        WorkloadRun run = precondition.isOn() ? provisioner.runWorkload(job, mode, precondition, runDirectory, runName)
                : provisioner.runWorkload(job, mode, runDirectory, runName);
        ran.accept(run);
        List<FioResult> parts = new java.util.ArrayList<>();
        for (int i = 0; i < run.outputs().size(); i++) {
            FioResult part = FioResult.parse(run.outputs().get(i));
            parts.add(run.sources().isEmpty() ? part : part.ranOn(run.sources().get(i)));
        }
        FioResult merged = parts.size() == 1 ? parts.get(0) : FioResult.merge(parts);
        FioResult result = provisioner.relate(job, mode, run, merged.withOrigin(job.name(), run.outputs().get(0)));
        // the runner logs start and end; this adds what was measured
        LOG.info("[workload] fio {} ({}): {}", job.name(), runName, FioReport.oneLine(result));
        FioReport.attach(run, result);
        try {
            FioCharts.attach(result, runDirectory, runName);
        } catch (RuntimeException | Error e) {
            // a chart is a view of the figures, not a figure: its failure must not fail the benchmark
            LOG.warn("[workload] no charts for {}: {}", runName, e.toString());
        }
        return result;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() is running inside the shutdown hook itself: nothing to remove
        }
        if (spec.reuse()) {
            LOG.info("cluster '{}': reuse is on, kept (workspace {}; still there: {}); remove it with: {}",
                    spec.name(), workspace.directory(), leftovers(workspace), downCommand(spec, workspace));
            return;
        }
        StageReport teardown;
        try {
            teardown = pipeline.tearDown();
        } catch (RuntimeException e) {
            reportTeardownFailure(e);
            throw e;
        }
        boolean left = workspace.state().map(s -> !s.resources().isEmpty()).orElse(false);
        if (left) {
            LOG.warn("cluster '{}': {}; still there: {}; remove with: {}", spec.name(), teardown.summary(),
                    leftovers(workspace), downCommand(spec, workspace));
        } else {
            LOG.info("cluster '{}': {}; still there: nothing", spec.name(), teardown.summary());
        }
        if (left) {
            reportTeardownFailure(new StageFailedException(StageName.TEARDOWN, "teardown finished but did not "
                    + "delete everything"));
        }
    }

    /** The teardown ran after every test: only a result of its own puts its failure in the report. */
    private void reportTeardownFailure(RuntimeException cause) {
        String message = "cluster '" + spec.name() + "' (provider " + spec.provider() + "): " + cause.getMessage()
                + "; still there: " + leftovers(workspace) + removeWith(spec, workspace);
        Map<String, String> attachments = new java.util.LinkedHashMap<>();
        Path log = workspace.logFile(StageName.TEARDOWN.id());
        try {
            if (java.nio.file.Files.isRegularFile(log)) {
                attachments.put("teardown log", java.nio.file.Files.readString(log));
            }
        } catch (java.io.IOException e) {
            attachments.put("teardown log", "cannot read " + log + ": " + e.getMessage());
        }
        try {
            StageFailedException failure = new StageFailedException(StageName.TEARDOWN, message, cause);
            AllureReporter.failureOutsideTests("teardown of cluster " + spec.name(), "mayabench clusters", failure,
                    attachments);
        } catch (RuntimeException e) {
            LOG.warn("cluster '{}': could not write the teardown failure to the Allure results: {}", spec.name(),
                    e.toString());
        }
        LOG.error("{}", message);
    }

    private void closeOnShutdown() {
        LOG.warn("cluster '{}': JVM is shutting down before the tests finished; tearing down", spec.name());
        close();
    }

    /** Reports each stage as an Allure step with its duration, and skipped stages with their reason. */
    private static final class ReportingObserver implements StageObserver {

        @Override
        public void around(StageName stage, Body body) throws Exception {
            AllureReporter.step("stage " + stage.id(), () -> {
                body.run();
                return null;
            });
        }

        @Override
        public void skipped(StageReport report) {
            AllureReporter.skippedStep("stage " + report.stage().id(), report.detail());
        }
    }
}
