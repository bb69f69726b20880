package dev.mayabench.fio;

import dev.mayabench.internal.log.MayabenchLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * Runs fio as a local process. fio writes its {@code json+} output to a file and its stdout/stderr to a log
 * file directly (nothing is pumped through this JVM or polled while fio runs, so the measurement is fio's
 * alone); this class only checks the target directory beforehand, waits with a timeout and reports failures.
 *
 * <pre>{@code
 * FioRunner fio = new FioRunner();             // "fio" from the PATH
 * FioRun run = fio.run(FioJob.profile("randread-4k"), Path.of("/mnt/nvme/bench"),
 *         Path.of("target/mayabench/results"), "randomRead");
 * // target/mayabench/results/randomRead.fio, .json, .log
 * }</pre>
 *
 * <p>Timeout: {@code expectedDuration} of the job, plus a margin of half of it but at least 2 minutes, plus
 * time to lay out the data files at a pessimistic 16 MiB/s. A job without a {@code runtime} (it runs until its
 * {@code size} is done) gets at least one hour. {@link #withTimeout(Duration)} replaces the rule. When the
 * timeout passes, fio is sent SIGTERM (it stops its jobs and exits), and killed with its job processes if it
 * is still there 10 seconds later.
 *
 * <p>Processes: fio carries {@link FioProcesses}' markers in its environment, so a watchdog ends it (and its job
 * processes, which leave the JVM's session) when the JVM dies however it dies, and a run first ends fio that another,
 * dead run left on the same target. Overlap between live runs is prevented above this class: {@code @Fio}'s JUnit
 * exclusive resource within a JVM, the local provider's workspace lock across JVMs.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class FioRunner {

    /** The setting that names the fio binary. */
    public static final String EXECUTABLE_SETTING = "mayabench.fio.executable";
    /** The setting that names the directory fio lays out its data files in on the local provider. */
    public static final String DIRECTORY_SETTING = "mayabench.local.dir";

    static final Duration MIN_MARGIN = Duration.ofMinutes(2);
    static final long LAYOUT_BYTES_PER_SECOND = 16L << 20;
    static final Duration UNBOUNDED_JOB_TIMEOUT = Duration.ofHours(1);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_LINES = 20;

    private static final Logger LOG = MayabenchLog.of(FioRunner.class);

    private final String executable;
    private final Duration fixedTimeout;
    private volatile String version;

    /** A runner for {@code fio} on the {@code PATH}. */
    public FioRunner() {
        this("fio");
    }

    /** A runner for the given fio binary: a name looked up on the {@code PATH}, or a path. */
    public FioRunner(String executable) {
        this(executable, null);
    }

    private FioRunner(String executable, Duration fixedTimeout) {
        Objects.requireNonNull(executable, "executable");
        if (executable.isBlank()) {
            throw new IllegalArgumentException("the fio executable is blank; set " + EXECUTABLE_SETTING
                    + " to a binary name or path, or leave it unset for 'fio'");
        }
        this.executable = executable;
        this.fixedTimeout = fixedTimeout;
    }

    /** A runner with the same binary that gives every run exactly {@code timeout} instead of the rule. */
    public FioRunner withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a fio timeout must be positive, was " + timeout);
        }
        return new FioRunner(executable, timeout);
    }

    /** The binary this runner starts. */
    public String executable() {
        return executable;
    }

    /**
     * {@code fio --version}, e.g. {@code fio-3.33}; asked once per runner.
     *
     * @throws FioNotInstalledException when the binary cannot be started
     * @throws FioFailedException       when it does not answer like fio
     */
    public String version() {
        String known = version;
        if (known != null) {
            return known;
        }
        List<String> command = List.of(executable, "--version");
        Process process = start(new ProcessBuilder(command).redirectErrorStream(true));
        closeQuietly(process);
        try {
            if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FioFailedException("'" + String.join(" ", command) + "' did not answer within "
                        + human(VERSION_TIMEOUT) + "; check that " + EXECUTABLE_SETTING + " names fio", -1,
                        command, "");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || out.isEmpty()) {
                throw new FioFailedException("'" + String.join(" ", command) + "' failed with exit code "
                        + process.exitValue() + (out.isEmpty() ? "" : ": " + out) + "; check that "
                        + EXECUTABLE_SETTING + " names fio", process.exitValue(), command, out);
            }
            known = out.lines().findFirst().orElse(out).strip();
            version = known;
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer of '" + String.join(" ", command) + "'", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FioException("interrupted while waiting for '" + String.join(" ", command) + "'", e);
        }
    }

    /** How long {@link #run} waits for fio on {@code job} before stopping it (see the class comment). */
    public Duration timeoutFor(FioJob job) {
        if (fixedTimeout != null) {
            return fixedTimeout;
        }
        Duration expected = job.expectedDuration();
        Duration margin = expected.dividedBy(2).compareTo(MIN_MARGIN) > 0 ? expected.dividedBy(2) : MIN_MARGIN;
        Duration layout = Duration.ofSeconds(job.bytesPerTarget().orElse(0) / LAYOUT_BYTES_PER_SECOND);
        Duration timeout = expected.plus(margin);
        if (!job.isTimeBounded() && timeout.compareTo(UNBOUNDED_JOB_TIMEOUT) < 0) {
            timeout = UNBOUNDED_JOB_TIMEOUT;
        }
        return timeout.plus(layout);
    }

    /**
     * Runs {@code job} with its data files in {@code targetDirectory}, leaving {@code <runName>.fio},
     * {@code <runName>.json} (fio's json+ output) and {@code <runName>.log} (fio's stdout and stderr) in
     * {@code runDirectory}. fio's working directory is {@code targetDirectory}, so relative file names of a job
     * file land there too. Earlier files of the same run name are replaced.
     *
     * @throws FioNotInstalledException  when fio cannot be started
     * @throws TargetDirectoryException  when the target directory cannot be created or written
     * @throws NotEnoughSpaceException   when its file system has less usable space than the data files need
     * @throws FioFailedException        when fio exits with an error or writes no output
     * @throws FioTimeoutException       when fio does not finish in {@link #timeoutFor(FioJob)}
     */
    public FioRun run(FioJob job, Path targetDirectory, Path runDirectory, String runName) {
        Objects.requireNonNull(job, "job");
        checkRunName(runName);
        Path target = targetDirectory.toAbsolutePath().normalize();
        prepareTarget(job, target);
        return execute(job, target, target, runDirectory, runName);
    }

    /**
     * Runs {@code job} against a raw block device instead of files: every job's {@code filename} is the device,
     * and nothing else is written. The device is checked first ({@link BlockDevice#requireUnused}); fio's
     * working directory is the run directory.
     *
     * @throws UnusableDeviceException when the device is not a block device or is in use
     */
    public FioRun runOnDevice(FioJob job, Path device, Path runDirectory, String runName) {
        Objects.requireNonNull(job, "job");
        checkRunName(runName);
        Path real = BlockDevice.requireUnused(device);
        Path runDir = runDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory " + runDir + ": " + e, e);
        }
        return execute(job, real, runDir, runDirectory, runName);
    }

    /** Runs the job on {@code target}: a data directory, or a block device when it is one. */
    private FioRun execute(FioJob job, Path target, Path workingDirectory, Path runDirectory, String runName) {
        String fioVersion = version();
        boolean device = BlockDevice.isBlockDevice(target);
        Path runDir = runDirectory.toAbsolutePath().normalize();
        Path jobFile = runDir.resolve(runName + ".fio");
        Path output = runDir.resolve(runName + ".json");
        Path log = runDir.resolve(runName + ".log");
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory " + runDir + " for fio's files: " + e, e);
        }
        if (device) {
            job.writeOnDeviceTo(jobFile, target);
        } else {
            job.writeTo(jobFile, target);
        }
        // off: no logs, and none of an earlier run of this name left beside the output to be taken for this run's
        job.logInterval().ifPresentOrElse(interval -> TimelineLogs.record(jobFile, runDir, runName, interval),
                () -> TimelineLogs.deleteStale(runDir, runName));
        List<String> command = new ArrayList<>(List.of(executable, "--output-format=json+", "--output=" + output));
        job.idleProfile().ifPresent(mode -> command.add("--idle-prof=" + mode));
        command.add(jobFile.toString());
        Duration timeout = timeoutFor(job);
        LOG.info("fio {} ({}): starting, expected {}, timeout {}, data in {}: {}", job.name(), runName,
                job.isTimeBounded() ? human(job.expectedDuration()) : "until its size is done (no runtime)",
                human(timeout), target, String.join(" ", command));

        // Never measure next to fio an earlier, killed run left on this target (it would halve the figures); the
        // watchdog ends this run's fio if the JVM dies without running its shutdown hooks (SIGKILL).
        FioProcesses.endLeftovers(target);
        FioProcesses.startWatchdog();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(FioProcesses.markers(target));
        long started = System.nanoTime();
        Process process = start(builder);
        Thread stopOnExit = new Thread(() -> stop(process, target), "mayabench-stop-fio");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        closeQuietly(process);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, target);
                throw timedOut(job, command, timeout, log);
            }
        } catch (InterruptedException e) {
            stop(process, target);
            Thread.currentThread().interrupt();
            throw new FioException("interrupted while fio " + job.name() + " (" + runName + ") was running; "
                    + "stopped it: " + String.join(" ", command), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops fio
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        int exit = process.exitValue();
        if (exit != 0) {
            String said = tail(log);
            List<String> mismatches = DataCorruptionException.mismatchesIn(readQuietly(log));
            if (!mismatches.isEmpty()) {
                throw new DataCorruptionException(job.name() + " (" + runName + ")", mismatches, exit, command,
                        said);
            }
            throw new FioFailedException("fio failed with exit code " + exit + " running job " + job.name()
                    + " (" + job.source() + "): " + String.join(" ", command) + System.lineSeparator()
                    + "fio said:" + System.lineSeparator() + indent(said) + System.lineSeparator()
                    + "Fix the option fio names above (in the job, or in the override that set it; job file "
                    + jobFile + ", full log " + log + ").", exit, command, said);
        }
        if (!hasContent(output)) {
            String said = tail(log);
            throw new FioFailedException("fio exited 0 but wrote no output to " + output + " running "
                    + String.join(" ", command) + System.lineSeparator() + "fio said:" + System.lineSeparator()
                    + indent(said), exit, command, said);
        }
        LOG.info("fio {} ({}): finished in {}, output {}", job.name(), runName, human(elapsed), output);
        return new FioRun(jobFile, output, log, command, elapsed, fioVersion);
    }

    /** fio reads no input; closing its stdin can only fail if it is gone already, which waitFor then shows. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // see above
        }
    }

    private static void checkRunName(String runName) {
        Objects.requireNonNull(runName, "runName");
        if (runName.isBlank() || runName.contains("/") || runName.contains("\\") || runName.equals(".")
                || runName.equals("..")) {
            throw new IllegalArgumentException("a run name is a plain file name without slashes, was '"
                    + runName + "'");
        }
    }

    private Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new FioNotInstalledException(executable, reason(e), e);
        }
    }

    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        int error = message.indexOf("error=");
        if (error >= 0 && message.indexOf(", ", error) > 0) {
            return message.substring(message.indexOf(", ", error) + 2);
        }
        return message;
    }

    /**
     * SIGTERM first (fio stops its jobs and exits), then SIGKILL for fio and its job processes; at last any process
     * of this JVM still marked with the target (a job whose fio main process died: it is no longer a descendant).
     */
    private static void stop(Process process, Path target) {
        try {
            stopTree(process);
        } finally {
            FioProcesses.killOwn(target);
        }
    }

    private static void stopTree(Process process) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> jobs = process.descendants().toList();
        process.destroy();
        try {
            if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                jobs.forEach(ProcessHandle::destroy);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        jobs.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static FioTimeoutException timedOut(FioJob job, List<String> command, Duration timeout, Path log) {
        OptionalLong bytes = job.bytesPerTarget();
        String why = "expected " + human(job.expectedDuration()) + " of fio time"
                + (bytes.isPresent() && bytes.getAsLong() > 0 ? " plus laying out " + bytes(bytes.getAsLong())
                + " of data files" : "") + ", with a margin";
        return new FioTimeoutException("fio " + job.name() + " did not finish within " + human(timeout) + " ("
                + why + "), so mayabench stopped it: " + String.join(" ", command) + System.lineSeparator()
                + "fio said last:" + System.lineSeparator() + indent(tail(log)) + System.lineSeparator()
                + "If the disk is just slow, use a smaller size or a shorter runtime; if fio hangs, the log " + log
                + " shows where.", timeout, command);
    }

    private static void prepareTarget(FioJob job, Path target) {
        String fix = "set " + DIRECTORY_SETTING + " to a writable directory for fio's data files";
        try {
            FioJob.directoryOption(target);
        } catch (IllegalArgumentException e) {
            throw new TargetDirectoryException(target, e.getMessage() + "; " + fix, e);
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new TargetDirectoryException(target, "fio's target directory " + target
                    + " is a file, not a directory; " + fix, null);
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new TargetDirectoryException(target, "fio's target directory " + target + " cannot be created ("
                    + describe(e, target) + "); " + fix, e);
        }
        try {
            // Files.isWritable trusts permission bits, which do not hold back root and miss read-only mounts
            Path probe = Files.createTempFile(target, ".mayabench-write-check-", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new TargetDirectoryException(target, "fio's target directory " + target + " is not writable ("
                    + describe(e, target) + "); " + fix, e);
        }
        checkSpace(job, target);
    }

    private static void checkSpace(FioJob job, Path target) {
        OptionalLong wanted = job.bytesPerTarget();
        if (wanted.isEmpty() || wanted.getAsLong() == 0) {
            return;
        }
        long needed = Math.max(0, wanted.getAsLong() - existingDataFiles(target, job.jobNames()));
        long usable;
        try {
            usable = Files.getFileStore(target).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot tell the free space under {} ({}); fio may run out of space", target, e.toString());
            return;
        }
        if (needed > usable) {
            Map<String, String> options = job.options();
            String detail = options.containsKey("size") && job.isProfile()
                    ? " (size " + options.get("size") + " x numjobs " + options.getOrDefault("numjobs", "1") + ")"
                    : "";
            throw new NotEnoughSpaceException(target, needed, usable, "fio needs " + bytes(needed)
                    + " for the data files of job " + job.name() + detail + " in " + target + ", but only "
                    + bytes(usable) + " are free there; use a smaller size (@Fio(size) or mayabench.fio.size) or "
                    + "fewer numjobs, or set " + DIRECTORY_SETTING + " to a directory on a disk with more space");
        }
    }

    /** Data files of an earlier run (fio names them {@code <job>.<n>.<m>}) are reused, not laid out again. */
    static long existingDataFiles(Path target, List<String> jobNames) {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (jobNames.stream().anyMatch(job -> name.startsWith(job + ".")) && Files.isRegularFile(file)) {
                    bytes += Files.size(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
        return bytes;
    }

    private static String describe(IOException e, Path target) {
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return p + " is a file, not a directory";
                }
                break;
            }
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() != null ? ": " + fs.getFile() : "");
        }
        return e.toString();
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of fio's log: its own explanation of a failure. */
    /** The last 64 KiB of a log (all of a normal one), or "" when it cannot be read. */
    static String readQuietly(Path log) {
        try {
            return lastBytes(log, 65_536).text();
        } catch (IOException e) {
            return "";
        }
    }

    /** The end of a file, at most {@code limit} bytes, and whether the start of the file was cut off. */
    private record Tail(String text, boolean cut) {
    }

    private static Tail lastBytes(Path file, int limit) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, raf.length() - limit);
            byte[] bytes = new byte[(int) (raf.length() - from)];
            raf.seek(from);
            raf.readFully(bytes);
            return new Tail(new String(bytes, StandardCharsets.UTF_8), from > 0);
        }
    }

    static String tail(Path log) {
        try {
            Tail end = lastBytes(log, 16_384);
            List<String> lines = new ArrayList<>(Arrays.asList(end.text().split("\\R")));
            lines.removeIf(String::isBlank);
            if (end.cut() && !lines.isEmpty()) {
                lines.remove(0); // probably cut in the middle
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return last.isEmpty() ? "(nothing)" : String.join(System.lineSeparator(), last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static String indent(String text) {
        return "  " + text.replace(System.lineSeparator(), System.lineSeparator() + "  ");
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String human(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append("h ");
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append("m ");
        }
        if (s % 60 != 0 || out.length() == 0) {
            out.append(s % 60).append("s");
        }
        return out.toString().strip();
    }
}
