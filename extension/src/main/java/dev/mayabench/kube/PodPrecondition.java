package dev.mayabench.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Precondition;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.provision.WorkloadRun;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Preconditioning on Kubernetes ({@code @Fio(precondition)}, see {@link Precondition}): each fio pod fills its own
 * volume after laying out the data and <em>before</em> it reports ready, so all pods of a run start measuring
 * together, after every fill is done, on the common start signal of {@link PodWorkload}.
 *
 * <p><b>Once per volume.</b> {@link PodWorkload} claims new PVCs for every run and deletes them after it, except when
 * the run preconditions: then its pods use the cluster's kept claims of the run's volume shape ({@link KeptVolumes}),
 * which outlive the run; a pod whose claim already records a fill that covers the run (same target, same mode) gets
 * no passes and only lays out its data, the others fill, and {@link PodWorkload} records each new fill on its claim.
 * A new thin Mayastor volume is the case that matters most: its first writes allocate clusters, so unfilled write
 * figures are figures of allocation, not of steady writing.
 *
 * <p><b>How it runs.</b> The passes are the local provider's ({@link Precondition#jobText}: the same fio job text,
 * the same files or the whole device), rendered for the pod like the measured job ({@code directory=${MAYABENCH_DATA}}
 * or {@code filename=${MAYABENCH_DEVICE}}), shipped in the run's ConfigMap as {@code <pass>.fio}, and named in the
 * pod's environment ({@value #PASSES_VARIABLE}). The pod's script ({@link FioPod#SCRIPT}) runs each with
 * {@code --output-format=json} and prints its output between the lines {@code === mayabench precondition <pass> ===}
 * and {@value #END}, so it comes back through the pod's log like the measured result ({@link PodOutput}). A long
 * fill before the ready file exists is safe: a failing readiness probe only keeps the pod out of {@code Ready}, it
 * does not restart the container (that is the liveness probe's job, and the fio pod has none; Kubernetes docs,
 * https://kubernetes.io/docs/concepts/workloads/pods/probes/); the wait for ready gets {@link #allowance} on top of
 * {@code kube.timeout}.
 *
 * <pre>{@code
 * PodPrecondition fill = new PodPrecondition(Precondition.parse(new SourcedValue("sequential", "test")), job,
 *         VolumeMode.FILESYSTEM);
 * Map<String, String> configMapData = fill.jobFiles(runDirectory, "randomWrite");  // "precondition-sequential.fio" -> text
 * // ... after the run:
 * List<Preconditioning> done = PodPrecondition.recorded(run);                      // one per pod that filled now
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class PodPrecondition {

    /** The pod's environment variable that names the passes to run, in order, separated by spaces. */
    static final String PASSES_VARIABLE = "MAYABENCH_PRECONDITION";
    static final String SECTION = "=== mayabench precondition ";
    static final String END = "=== mayabench precondition end ===";
    /**
     * The slowest fill rate a wait allows for: 20 MiB/s per pass, far below a Mayastor volume on NVMe (hundreds of
     * MiB/s and more); a slower volume needs a longer {@code mayabench.kube.timeout}, which the timeout's message
     * names.
     */
    static final long SLOWEST_BYTES_PER_SECOND = 20L * 1024 * 1024;
    private static final String RECORD_SUFFIX = "-precondition.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Precondition precondition;
    private final FioJob measured;
    private final VolumeMode mode;

    /**
     * @throws IllegalArgumentException when the preconditioning is off or does not apply to the job
     *                                  ({@link Precondition#notApplicableTo}); callers check and report that first
     */
    public PodPrecondition(Precondition precondition, FioJob measured, VolumeMode mode) {
        if (!precondition.isOn()) {
            throw new IllegalArgumentException("nothing to run: " + Precondition.SETTING + " is none");
        }
        precondition.notApplicableTo(measured, mode).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        this.precondition = precondition;
        this.measured = measured;
        this.mode = mode;
    }

    /**
     * The passes' job files as the pod runs them, by their ConfigMap key ({@code <pass>.fio}); each is also left
     * in {@code runDirectory} as {@code <runName>-<pass>.fio} (and its source as {@code .source.fio}) for the
     * report.
     */
    Map<String, String> jobFiles(Path runDirectory, String runName) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Precondition.Pass pass : precondition.passes()) {
            Path source = write(runDirectory.resolve(runName + "-" + pass.name() + ".source.fio"),
                    Precondition.jobText(pass, measured, mode));
            FioJob job = FioJob.fromJobFile(source.toAbsolutePath().toString(), "preconditioning ("
                    + Precondition.SETTING + " = " + precondition.mode() + ")");
            String text = mode == VolumeMode.BLOCK ? job.renderOnDeviceOf(FioPod.DEVICE_VARIABLE)
                    : job.renderInDirectoryOf(FioPod.DATA_VARIABLE);
            write(runDirectory.resolve(runName + "-" + pass.name() + ".fio"), text);
            files.put(pass.name() + ".fio", text);
        }
        return files;
    }

    /** The preconditioning's mode ({@code sequential}, ...): a fill recorded in another mode does not cover a run. */
    String mode() {
        return precondition.mode();
    }

    /** Names the passes in the pod's environment, so its script runs them before it reports ready. */
    void addTo(Pod pod) {
        pod.getSpec().getContainers().get(0).getEnv().add(new EnvVar(PASSES_VARIABLE, precondition.passes().stream()
                .map(Precondition.Pass::name).collect(Collectors.joining(" ")), null));
    }

    /** What the fill may add to the wait for the pods to be ready: every pass over the target at the slowest rate. */
    Duration allowance(String volumeSize) {
        long bytes = targetBytes(volumeSize);
        return Duration.ofSeconds(precondition.passes().size() * Math.max(1, bytes / SLOWEST_BYTES_PER_SECOND));
    }

    /** The target's size: the claim's on a raw block volume, the measured job's data files' on files. */
    long targetBytes(String volumeSize) {
        return mode == VolumeMode.BLOCK ? Quantity.getAmountInBytes(new Quantity(volumeSize)).longValueExact()
                : Precondition.fileBytes(measured);
    }

    /**
     * Reads the fill of one pod from its log, keeps each pass's fio output as {@code <stem>-<pass>.json} and the
     * record as {@code <stem>}{@value #RECORD_SUFFIX} (where {@link #recorded} finds it), {@code stem} being the
     * pod's output's name without {@code .json}.
     *
     * @throws KubeException when a pass's output is missing or is not fio's JSON (the pod's log file is named)
     */
    Preconditioning collect(String log, String pod, String claim, String volumeSize, Path runDirectory, String stem,
                            Path logFile) {
        Map<String, String> sections = sections(log);
        List<Preconditioning.PassResult> passes = new ArrayList<>();
        Instant startedAt = null;
        Duration took = Duration.ZERO;
        for (Precondition.Pass pass : precondition.passes()) {
            String json = sections.get(pass.name());
            if (json == null) {
                throw new KubeException("the log of " + stem + " has no output of the preconditioning pass "
                        + pass.name() + " (no line '" + SECTION + pass.name() + " ===' followed by '" + END
                        + "'); the pod's log is in " + logFile);
            }
            Path output = write(runDirectory.resolve(stem + "-" + pass.name() + ".json"), json);
            Duration passTook;
            long endMillis;
            try {
                JsonNode tree = JSON.readTree(json);
                passTook = runtime(tree);
                endMillis = tree.path("timestamp_ms").asLong();
            } catch (IOException e) {
                throw new KubeException("the preconditioning pass " + pass.name() + " of " + stem + " printed no "
                        + "fio JSON (" + e.getMessage() + "); the pod's log is in " + logFile);
            }
            long written = FioResult.parse(json).write().ioBytes();
            passes.add(new Preconditioning.PassResult(pass.name(), pass.rw() + " " + pass.bs(), written, passTook,
                    output.toString()));
            if (startedAt == null) {
                startedAt = Instant.ofEpochMilli(endMillis).minus(passTook);
            }
            took = took.plus(passTook);
        }
        String target = "volume " + claim + " (" + (mode == VolumeMode.BLOCK ? "raw block " + FioPod.DEVICE
                : "files " + FioPod.DATA + ": " + String.join(", ", dataFileNames()))
                + ", in pod " + pod + ")";
        Preconditioning done = new Preconditioning(target, precondition.mode(), startedAt, took,
                targetBytes(volumeSize), passes);
        write(runDirectory.resolve(stem + RECORD_SUFFIX), done.toJson());
        return done;
    }

    private List<String> dataFileNames() {
        String described = Preconditioning.describeTarget(measured, VolumeMode.FILESYSTEM, Path.of("/"));
        return List.of(described.substring(described.indexOf(": ") + 2).split(", "));
    }

    /**
     * fio's own time for the pass: per group (the passes' jobs run one group after another, {@code stonewall}) the
     * longest {@code job_runtime} (ms) of its jobs, summed over the groups.
     */
    static Duration runtime(JsonNode fioJson) {
        Map<Integer, Long> groups = new TreeMap<>();
        for (JsonNode job : fioJson.path("jobs")) {
            groups.merge(job.path("groupid").asInt(), job.path("job_runtime").asLong(), Math::max);
        }
        return Duration.ofMillis(groups.values().stream().mapToLong(Long::longValue).sum());
    }

    /** The sections {@code === mayabench precondition <pass> ===} ... {@value #END} of a pod's log, by pass. */
    static Map<String, String> sections(String log) {
        Map<String, String> found = new LinkedHashMap<>();
        String pass = null;
        StringBuilder body = new StringBuilder();
        for (String line : (log == null ? "" : log).lines().toList()) {
            if (line.equals(END)) {
                if (pass != null) {
                    found.put(pass, body.toString());
                }
                pass = null;
            } else if (line.startsWith(SECTION) && line.endsWith(" ===")) {
                pass = line.substring(SECTION.length(), line.length() - " ===".length()).trim();
                body.setLength(0);
            } else if (pass != null) {
                body.append(line).append('\n');
            }
        }
        return found;
    }

    /**
     * The fills done in a run, one per pod that filled (in the order of its outputs), as {@link #collect} recorded
     * them; a pod on a volume filled by an earlier run has none ({@link PodPreconditionResult#of} has every pod).
     */
    public static List<Preconditioning> recorded(WorkloadRun run) {
        List<Preconditioning> done = new ArrayList<>();
        for (Path output : run.outputs()) {
            String name = output.getFileName().toString();
            Path record = output.resolveSibling(name.replaceAll("\\.json$", "") + RECORD_SUFFIX);
            if (Files.isRegularFile(record)) {
                try {
                    Preconditioning.fromJson(Files.readString(record)).ifPresent(done::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + record, e);
                }
            }
        }
        return done;
    }

    /** The pass's rendered job file of a run, as {@link #jobFiles} left it. */
    public static Optional<Path> jobFile(Path runDirectory, String runName, String pass) {
        Path file = runDirectory.resolve(runName + "-" + pass + ".fio");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
