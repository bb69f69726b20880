package dev.mayabench.stage;

import dev.mayabench.internal.log.MayabenchLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * Runs the stages of one benchmark environment in {@link StageName} order: {@code provision → tunnel →
 * kubernetes → prepare-nodes → deploy → playbooks} when it is set up (a stage may be moved with
 * {@link Builder#runAfter}), {@code teardown} when it is dismantled. The
 * {@code workload} stage runs per test and is not part of set-up.
 *
 * <p>A stage is skipped when the provider does not need it (the reason comes from the provider) or when the
 * user lists it in {@code mayabench.skip}; a user-skipped stage's outputs must already be in the workspace.
 * Every stage logs its start, end and duration.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder(workspace)
 *         .stage(provisionStage)
 *         .notNeeded(StageName.TUNNEL, "nodes are reachable directly")
 *         .skippedByUser(Set.of(StageName.KUBERNETES))
 *         .build();
 * List<StageReport> reports = pipeline.setUp();
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Pipeline {

    private static final Logger LOG = MayabenchLog.of(Pipeline.class);
    private static final List<StageName> SET_UP = List.of(StageName.PROVISION, StageName.TUNNEL,
            StageName.KUBERNETES, StageName.PREPARE_NODES, StageName.DEPLOY, StageName.PLAYBOOKS);

    private final Workspace workspace;
    private final Map<StageName, Stage> stages;
    private final Map<StageName, String> notNeeded;
    private final Set<StageName> skippedByUser;
    private final StageObserver observer;
    private final Map<StageName, StageName> placedAfter;

    private Pipeline(Builder builder) {
        this.workspace = builder.workspace;
        this.stages = new EnumMap<>(builder.stages);
        this.notNeeded = new EnumMap<>(builder.notNeeded);
        this.skippedByUser = builder.skippedByUser.isEmpty()
                ? EnumSet.noneOf(StageName.class) : EnumSet.copyOf(builder.skippedByUser);
        this.observer = builder.observer;
        this.placedAfter = new EnumMap<>(builder.placedAfter);
    }

    public static Builder builder(Workspace workspace) {
        return new Builder(workspace);
    }

    /**
     * Runs the set-up stages in order. Stops at the first failure with a {@link StageFailedException}; the
     * caller decides whether to tear down what was created.
     */
    public List<StageReport> setUp() {
        List<StageReport> reports = new ArrayList<>();
        for (StageName name : setUpOrder()) {
            reports.add(runOrSkip(name));
        }
        return reports;
    }

    /** The set-up stages in the order they run: {@link StageName} order, with any stage moved by {@code runAfter}. */
    public List<StageName> setUpOrder() {
        List<StageName> order = new ArrayList<>(SET_UP);
        placedAfter.forEach((moved, point) -> {
            order.remove(moved);
            order.add(order.indexOf(point) + 1, moved);
        });
        return List.copyOf(order);
    }

    /** Runs the teardown stage (unless skipped). */
    public StageReport tearDown() {
        return runOrSkip(StageName.TEARDOWN);
    }

    /** Whether the user skipped a stage with {@code mayabench.skip}. */
    public boolean isSkippedByUser(StageName name) {
        return skippedByUser.contains(name);
    }

    private StageReport runOrSkip(StageName name) {
        Stage stage = stages.get(name);
        if (skippedByUser.contains(name)) {
            if (stage != null) {
                requireOutputs(stage);
            }
            return skip(StageReport.skipped(name, "skipped by mayabench.skip"));
        }
        if (stage == null) {
            return skip(StageReport.skipped(name, notNeeded.getOrDefault(name, "the provider does not need it")));
        }
        return run(stage);
    }

    private StageReport skip(StageReport report) {
        LOG.info("stage {}", report.summary());
        observer.skipped(report);
        return report;
    }

    private void requireOutputs(Stage stage) {
        List<Path> missing = stage.outputs().stream()
                .map(workspace::file)
                .filter(file -> !Files.isRegularFile(file))
                .toList();
        if (!missing.isEmpty()) {
            throw new MissingStageOutputException(stage.name(), missing, workspace.directory());
        }
    }

    private StageReport run(Stage stage) {
        StageName name = stage.name();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        try (StageContext context = new StageContext(name, workspace)) {
            context.log("started");
            try {
                observer.around(name, () -> stage.run(context));
            } catch (Exception | Error e) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                String why = describe(e);
                context.log("failed after " + Durations.human(took) + ": " + why);
                StageReport report = new StageReport(name, StageReport.Outcome.FAILED, started, took, why);
                if (e instanceof StageFailedException failed) {
                    throw failed;
                }
                throw new StageFailedException(name, report.summary() + " (log: " + context.logFile() + ")", e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            context.log("done in " + Durations.human(took));
            return new StageReport(name, StageReport.Outcome.PASSED, started, took, "");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Assembles a {@link Pipeline}. */
    public static final class Builder {

        private final Workspace workspace;
        private final Map<StageName, Stage> stages = new EnumMap<>(StageName.class);
        private final Map<StageName, String> notNeeded = new EnumMap<>(StageName.class);
        private Set<StageName> skippedByUser = Set.of();
        private StageObserver observer = StageObserver.NONE;
        private final Map<StageName, StageName> placedAfter = new EnumMap<>(StageName.class);

        private Builder(Workspace workspace) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
        }

        /** A stage the provider runs. */
        public Builder stage(Stage stage) {
            if (stage.name() == StageName.WORKLOAD) {
                throw new IllegalArgumentException("the workload stage runs per test, not in the pipeline");
            }
            stages.put(stage.name(), stage);
            return this;
        }

        /** A stage the provider does not need, and why (shown in the report). */
        public Builder notNeeded(StageName name, String reason) {
            notNeeded.put(name, reason);
            return this;
        }

        /**
         * Runs {@code stage} right after {@code point} instead of at its own place, e.g. the user's playbooks after
         * {@code prepare-nodes} ({@code mayabench.playbooks.after}) so they can prepare what deploy relies on.
         */
        public Builder runAfter(StageName stage, StageName point) {
            if (!SET_UP.contains(stage) || !SET_UP.contains(point) || stage == point) {
                throw new IllegalArgumentException("cannot run " + stage + " after " + point
                        + ": both must be different set-up stages (" + SET_UP + ")");
            }
            placedAfter.put(stage, point);
            return this;
        }

        /** Stages the user skips with {@code mayabench.skip}. */
        public Builder skippedByUser(Set<StageName> names) {
            this.skippedByUser = Set.copyOf(names);
            return this;
        }

        public Builder observer(StageObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
