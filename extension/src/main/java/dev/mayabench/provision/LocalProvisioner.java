package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded default provider: fio runs as a process on this machine against files in a directory, by
 * default {@code <workspace>/data} under the build directory, or {@code <local.dir>/mayabench-<cluster>} when
 * {@code mayabench.local.dir} names a disk to measure. There is no cloud and no Kubernetes, so every stage
 * but the workload is not needed — except teardown, which removes fio's data files (they can be gigabytes,
 * and on a user's NVMe mount they must not linger). A reused cluster is not torn down, so its data files
 * stay and the next run skips laying them out.
 */
final class LocalProvisioner implements Provisioner {

    static final String DATA_KIND = "directory";

    private final ClusterSpec spec;
    private final Workspace workspace;
    private final FioRunner fio;
    private final Path dataDirectory;

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
                .stage(new RemoveDataFiles());
    }

    @Override
    public void preflight() {
        fio.version();
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
            removeData(workspace, dataResource(), context::log);
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
