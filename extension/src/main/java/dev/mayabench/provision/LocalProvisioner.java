package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioProcesses;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import dev.mayabench.fio.TargetDirectoryException;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.internal.log.MayabenchLog;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.RemovalCommand;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceLock;
import dev.mayabench.stage.WorkspaceState;
import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The embedded default provider: fio runs as a process on this machine against files in a directory, by
 * default {@code <workspace>/data} under the build directory, or {@code <local.dir>/mayabench-<cluster>} when
 * {@code mayabench.local.dir} names a disk to measure. There is no cloud and no Kubernetes, so every stage
 * but the workload is not needed — except teardown, which removes fio's data files (they can be gigabytes,
 * and on a user's NVMe mount they must not linger). A reused cluster is not torn down, so its data files
 * stay and the next run skips laying them out.
 *
 * <p>One run at a time per workspace and per data directory, across processes: {@link #preflight()} takes a
 * {@link WorkspaceLock} on {@code <workspace>/lock} and, when the data directory is elsewhere, on
 * {@code <data directory>.lock} beside it, and when {@code mayabench.local.device} is set on a lock named after the
 * device in the temporary directory (always in that order, so two runs cannot deadlock), waiting up to
 * {@code mayabench.local.lockWait} (default 5m) for another run; the locks are let go after teardown, or when the
 * JVM ends. Holding them, it ends fio processes a killed run left on the data directory
 * ({@link FioProcesses#endLeftovers}) and names data directories a killed run left behind with the
 * {@code mayabench down} command that removes them.
 */
final class LocalProvisioner implements Provisioner {

    static final String DATA_KIND = "directory";
    /** {@code mayabench.local.lockWait}: how long to wait for another run's lock ({@code 0s}: do not wait). */
    static final String LOCK_WAIT_SETTING = WorkspaceLock.WAIT_SETTING;
    static final String LOCK_WAIT_VARIABLE = "MAYABENCH_LOCAL_LOCK_WAIT";
    private static final Pattern WAIT = Pattern.compile("([0-9]+)\\s*(s|m|h)");
    private static final Logger LOG = MayabenchLog.of(LocalProvisioner.class);

    private final ClusterSpec spec;
    private final Workspace workspace;
    private final FioRunner fio;
    private final Path dataDirectory;
    private final List<WorkspaceLock> locks = new ArrayList<>();

    LocalProvisioner(ClusterSpec spec, Workspace workspace) {
        this.spec = spec;
        this.workspace = workspace;
        this.fio = new FioRunner(spec.fioExecutable());
        this.dataDirectory = spec.localDir()
                .map(dir -> dir.toAbsolutePath().normalize().resolve("mayabench-" + spec.name()))
                .orElseGet(() -> workspace.file("data"));
    }

    @Override
    public String name() {
        return "local";
    }

    /** The directory fio's data files go to. */
    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void contributeStages(Pipeline.Builder pipeline) {
        String local = "provider 'local' runs fio on this machine";
        pipeline.notNeeded(StageName.PROVISION, local + ": nothing to create in a cloud")
                .notNeeded(StageName.TUNNEL, local + ": nothing to reach over SSH")
                .notNeeded(StageName.KUBERNETES, local + ": no Kubernetes")
                .notNeeded(StageName.PREPARE_NODES, local + ": the machine is used as it is")
                .notNeeded(StageName.DEPLOY, local + ": no Mayastor, fio writes to " + dataDirectory)
                .notNeeded(StageName.PLAYBOOKS, local + ": no nodes to run playbooks on")
                .stage(new RemoveDataFiles());
    }

    @Override
    public void preflight() {
        fio.version();
        lock();
        try {
            FioProcesses.endLeftovers(dataDirectory);
            reportLeftoverData();
        } catch (RuntimeException e) {
            unlock(); // no teardown follows a failed preflight: let another run have the workspace now
            throw e;
        }
    }

    /** Takes the workspace lock, then the data directory's (see the class comment), unless this one holds them. */
    private synchronized void lock() {
        if (!locks.isEmpty()) {
            return;
        }
        Duration wait = lockWait(System.getProperty(LOCK_WAIT_SETTING), System.getenv(LOCK_WAIT_VARIABLE));
        locks.add(WorkspaceLock.acquire(workspace.file("lock"), wait, LOG::warn));
        if (!dataDirectory.startsWith(workspace.directory())) {
            try {
                locks.add(WorkspaceLock.acquire(dataLockFile(dataDirectory), wait, LOG::warn));
            } catch (UncheckedIOException e) {
                unlock();
                throw new TargetDirectoryException(dataDirectory, "fio's target directory " + dataDirectory
                        + " cannot be used: " + e.getMessage() + "; set " + FioRunner.DIRECTORY_SETTING
                        + " to a writable directory for fio's data files", e);
            } catch (RuntimeException e) {
                unlock();
                throw e;
            }
        }
        spec.localDevice().ifPresent(device -> {
            try {
                locks.add(WorkspaceLock.acquire(deviceLockFile(device), wait, LOG::warn));
            } catch (RuntimeException e) {
                unlock();
                throw e;
            }
        });
    }

    /**
     * The lock file of a raw device ({@code mayabench.local.device}): in the temporary directory, named after the
     * device's real path, so {@code /dev/disk/by-id/...} and {@code /dev/nvme1n1} are one device and two projects
     * that overwrite it take turns. {@code /dev} itself is no place for files.
     */
    static Path deviceLockFile(Path device) {
        Path real;
        try {
            real = device.toRealPath();
        } catch (IOException e) {
            real = device.toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "mayabench-device" + real.toString().replace('/', '_')
                + ".lock");
    }

    /** Lets go of the locks (after teardown; otherwise the JVM's end does). */
    private synchronized void unlock() {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).close();
        }
        locks.clear();
    }

    /** The lock file of a data directory outside the workspace: beside it, so deleting the data leaves the lock. */
    static Path dataLockFile(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    }

    /** The lock wait from the system property (wins) or the environment variable; 5m when neither is set. */
    static Duration lockWait(String property, String variable) {
        String raw = property != null && !property.isBlank() ? property : variable;
        String origin = property != null && !property.isBlank() ? LOCK_WAIT_SETTING : LOCK_WAIT_VARIABLE;
        if (raw == null || raw.isBlank()) {
            return WorkspaceLock.DEFAULT_WAIT;
        }
        Matcher m = WAIT.matcher(raw.trim());
        if (!m.matches()) {
            throw new ConfigurationException(new Problem("local.lockWait", raw,
                    "a duration written as a whole number and s, m or h, e.g. 30s, 5m, 1h; 0s fails at once",
                    raw.trim().matches("[0-9]+") ? "did you mean '" + raw.trim() + "s'?"
                            : "write e.g. -D" + LOCK_WAIT_SETTING + "=10m", origin));
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /**
     * A data directory of an earlier run (killed, or made with another {@code mayabench.local.dir}) that this run
     * does not use: named in the log with the command that removes it, not only in the teardown's report.
     */
    private void reportLeftoverData() {
        List<CreatedResource> others = workspace.state().map(WorkspaceState::resources).orElse(List.of()).stream()
                .filter(r -> r.kind().equals(DATA_KIND) && !Path.of(r.id()).equals(dataDirectory))
                .toList();
        for (CreatedResource other : others) {
            Path directory = Path.of(other.id());
            LOG.warn("cluster '{}': {} holds fio data files of an earlier run of this workspace that was killed or "
                    + "used another {} ({}); this run does not use them. Remove them after this run with: {}",
                    spec.name(), directory, FioRunner.DIRECTORY_SETTING, Files.exists(directory)
                            ? (sizeOf(directory) >> 20) + " MiB" : "already gone", downCommand());
        }
    }

    /** The exact command that removes what this workspace's state lists, from any directory. */
    String downCommand() {
        return downCommand(spec.name(), workspace.directory());
    }

    static String downCommand(String cluster, Path workspaceDirectory) {
        return RemovalCommand.of(cluster, workspaceDirectory);
    }

    private static long sizeOf(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public WorkloadRun runWorkload(FioJob job, Path runDirectory, String runName) {
        recordDataDirectory();
        FioRun run = fio.run(job, dataDirectory, runDirectory, runName);
        return new WorkloadRun(run.jobFile(), List.of(run.output()), List.of(run.log()), run.elapsed(),
                run.fioVersion());
    }

    @Override
    public WorkloadRun runWorkload(FioJob job, VolumeMode mode, Path runDirectory, String runName) {
        if (mode != VolumeMode.BLOCK) {
            return runWorkload(job, runDirectory, runName);
        }
        Path device = spec.localDevice().orElseThrow(() -> new ConfigurationException(new Problem(
                "local.device", "(not set)", "the raw block device fio may overwrite, e.g. /dev/nvme1n1",
                "volumeMode BLOCK on the local provider needs mayabench.local.device; mayabench never picks a "
                        + "device itself, because everything on it is destroyed")));
        FioRun run = fio.runOnDevice(job, device, runDirectory, runName);
        return new WorkloadRun(run.jobFile(), List.of(run.output()), List.of(run.log()), run.elapsed(),
                run.fioVersion());
    }

    private void recordDataDirectory() {
        CreatedResource data = dataResource();
        workspace.updateState(s -> s.resources().contains(data) ? s : s.withResource(data));
    }

    private CreatedResource dataResource() {
        return new CreatedResource(DATA_KIND, dataDirectory.toString(), "fio data files");
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("fio", fio.version());
        facts.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("cpu", cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        facts.put("target.directory", dataDirectory.toString());
        fileStore().ifPresent(store -> {
            facts.put("target.filesystem", store.type() + " on " + store.name());
            try {
                facts.put("target.free", (store.getUsableSpace() >> 20) + " MiB");
            } catch (IOException e) {
                facts.put("target.free", "unknown (" + e.getMessage() + ")");
            }
        });
        return facts;
    }

    /** The file store of the data directory, or of its nearest existing ancestor. */
    private Optional<FileStore> fileStore() {
        for (Path p = dataDirectory; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Optional.of(Files.getFileStore(p));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return System.getProperty("os.arch");
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.toLowerCase(Locale.ROOT).startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** Teardown: delete the data files fio laid out, and the directory mayabench made for them. */
    private final class RemoveDataFiles implements Stage {

        @Override
        public StageName name() {
            return StageName.TEARDOWN;
        }

        @Override
        public void run(StageContext context) throws IOException {
            try {
                removeData(workspace, dataResource(), context::log);
                List<CreatedResource> left = workspace.state().map(WorkspaceState::resources).orElse(List.of());
                if (!left.isEmpty()) {
                    context.log("still listed from an earlier run: " + left + "; remove with: " + downCommand());
                    LOG.warn("cluster '{}': data of an earlier run is still there: {}; remove it with: {}",
                            spec.name(), left, downCommand());
                }
            } finally {
                unlock();
            }
        }
    }

    /** Deletes a directory with everything in it and returns how many bytes its files held. */
    static long deleteTree(Path directory) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        long bytes = 0;
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                bytes += Files.size(p);
            }
            Files.delete(p);
        }
        return bytes;
    }

    /** Deletes one recorded data directory and forgets it in the state. */
    static void removeData(Workspace workspace, CreatedResource data, java.util.function.Consumer<String> log)
            throws IOException {
        Path dataDirectory = Path.of(data.id());
        if (!Files.exists(dataDirectory)) {
            log.accept("no data files to remove (" + dataDirectory + " does not exist)");
            workspace.updateState(s -> s.withoutResource(data));
            return;
        }
        long bytes = deleteTree(dataDirectory);
        workspace.updateState(s -> s.withoutResource(data));
        log.accept("removed " + dataDirectory + " (" + (bytes >> 20) + " MiB of fio data files)");
    }
}
