package dev.mayabench.fio;

import dev.mayabench.internal.log.MayabenchLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * Keeps fio from outliving the JVM that started it, and keeps a run from measuring next to fio processes an
 * earlier, killed run left behind.
 *
 * <p>fio forks one process per job and each job calls {@code setsid()} (axboe/fio, {@code backend.c},
 * {@code thread_main}: {@code if (!o->use_thread) { setsid(); ... }}), so the jobs leave the JVM's process group
 * and session: a {@code kill -9} of the JVM, a CI timeout or the OOM killer leaves them running until their
 * runtime ends. Process groups and parent-death signals therefore do not reach them. What does reach them is the
 * environment, which {@code fork()} copies: every fio this JVM starts carries
 * {@value #OWNER_VARIABLE}{@code =<pid>@<start>} (this JVM) and {@value #TARGET_VARIABLE}{@code =<target>} (its data
 * directory or device), readable in {@code /proc/<pid>/environ} by the same user or root.
 * <ul>
 *   <li>A watchdog process ({@code sh}), started once per JVM, blocks reading a pipe from this JVM; the pipe
 *       closes however the JVM ends (also SIGKILL), and the watchdog then SIGKILLs every process that carries
 *       this JVM's owner marker.</li>
 *   <li>Before fio starts on a target, {@link #endLeftovers} ends any fio on the same target whose owner is dead,
 *       refuses to run if they do not go away, and refuses (without killing) if their owner still lives.</li>
 * </ul>
 * Both need {@code /proc} (Linux); elsewhere they are skipped with a warning.
 *
 * <pre>{@code
 * FioProcesses.startWatchdog();
 * FioProcesses.endLeftovers(Path.of("/mnt/nvme/mayabench-ci"));   // ends what a killed run left there
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class FioProcesses {

    /** The environment variable naming the JVM that started a fio process. */
    public static final String OWNER_VARIABLE = "MAYABENCH_FIO_OWNER";
    /** The environment variable naming the data directory or device a fio process works on. */
    public static final String TARGET_VARIABLE = "MAYABENCH_FIO_TARGET";

    static final Duration GONE_WAIT = Duration.ofSeconds(10);
    private static final Path PROC = Path.of("/proc");
    private static final Logger LOG = MayabenchLog.of(FioProcesses.class);

    /** {@code <pid>@<start instant>}: a pid alone is reused by the kernel. */
    private static final String OWNER = owner(ProcessHandle.current());

    // The shell waits for EOF on its stdin (the JVM's end of the pipe closes when the JVM dies, however it dies),
    // then kills every process carrying the marker, twice, in case a fio main process forked a job between the
    // first look and its own death. It ignores INT/TERM/HUP so a Ctrl-C in the terminal, which reaches the whole
    // foreground process group, does not take it away before the JVM (which stops fio itself on Ctrl-C).
    private static final String WATCHDOG_SCRIPT = """
            trap '' INT TERM HUP
            marker="$1"
            while read -r _; do :; done
            for pass in 1 2; do
              for e in /proc/[0-9]*/environ; do
                if grep -qzxF -- "$marker" "$e" 2>/dev/null; then
                  p="${e#/proc/}"; kill -KILL "${p%/environ}" 2>/dev/null
                fi
              done
              sleep 0.2
            done
            """;

    private static Process watchdog;

    private FioProcesses() {
    }

    /** The owner marker value of a process. */
    static String owner(ProcessHandle process) {
        return process.pid() + "@" + process.info().startInstant().map(Object::toString).orElse("unknown");
    }

    /** This JVM's owner marker value. */
    static String owner() {
        return OWNER;
    }

    /** The variables every fio process this JVM starts on {@code target} carries. */
    static Map<String, String> markers(Path target) {
        return Map.of(OWNER_VARIABLE, OWNER, TARGET_VARIABLE, target.toString());
    }

    /**
     * Starts this JVM's watchdog unless it runs already. Idempotent and cheap after the first call.
     *
     * @return whether a watchdog is running (false where there is no {@code /proc} or no {@code sh})
     */
    public static synchronized boolean startWatchdog() {
        if (watchdog != null && watchdog.isAlive()) {
            return true;
        }
        if (!Files.isDirectory(PROC.resolve("self"))) {
            LOG.warn("no /proc on this system: fio processes cannot be found by their marker, so a JVM killed "
                    + "with SIGKILL may leave fio running; end it yourself (look for fio processes)");
            return false;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "mayabench-fio-watchdog",
                    OWNER_VARIABLE + "=" + OWNER)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // the watchdog must not carry the marker itself, or it would kill itself mid-way
            builder.environment().remove(OWNER_VARIABLE);
            builder.environment().remove(TARGET_VARIABLE);
            watchdog = builder.start();
            // its stdin stays open (never written, never closed) for the life of this JVM
            LOG.debug("fio watchdog started: pid {}", watchdog.pid());
            return true;
        } catch (IOException e) {
            LOG.warn("cannot start the fio watchdog ({}); a JVM killed with SIGKILL may leave fio running", e
                    .toString());
            return false;
        }
    }

    /** A fio process found by its marker: its pid, command line and owner. */
    public record Marked(long pid, String command, String owner, String target) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ", started by " + owner + ")";
        }
    }

    /** Processes that carry {@code target} as their target marker and were started by another JVM. */
    public static List<Marked> leftoversOn(Path target) {
        String wanted = target.toString();
        return marked().stream().filter(m -> m.target().equals(wanted) && !m.owner().equals(OWNER)).toList();
    }

    /** Processes that carry this JVM's owner marker and {@code target}. */
    static List<Marked> ownOn(Path target) {
        String wanted = target.toString();
        return marked().stream().filter(m -> m.target().equals(wanted) && m.owner().equals(OWNER)).toList();
    }

    /**
     * Ends fio processes an earlier run left on {@code target} (SIGKILL, then waits up to 10 s for them to be gone)
     * and says so in the log. The caller holds the target's lock, so no live run can own them.
     *
     * @return what was ended
     * @throws FioException when they are still there afterwards (e.g. they belong to another user): the run refuses
     *                      to measure next to them
     */
    public static List<Marked> endLeftovers(Path target) {
        List<Marked> found = leftoversOn(target);
        if (found.isEmpty()) {
            return found;
        }
        List<Marked> live = found.stream().filter(m -> ownerAlive(m.owner())).toList();
        if (!live.isEmpty()) {
            // another JVM that still lives runs fio here: not ours to kill, and not a place to measure now
            throw new FioException("another live process runs fio on " + target + ": " + live + "; two fio runs on "
                    + "one target halve each other's figures, so mayabench does not start. Wait for it, or end it "
                    + "(kill " + String.join(" ", live.stream().map(m -> m.owner().split("@")[0]).distinct()
                    .toList()) + "), then run again", null);
        }
        List<Marked> left = found;
        LOG.warn("fio processes of an earlier run are still working on {}: {}; ending them before measuring "
                + "(they would halve the figures)", target, left);
        for (Marked m : left) {
            ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + GONE_WAIT.toNanos();
        List<Marked> still = leftoversOn(target);
        while (!still.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            still = leftoversOn(target);
        }
        if (!still.isEmpty()) {
            throw new FioException("fio processes of an earlier run are still working on " + target + " and could "
                    + "not be ended: " + still + "; mayabench does not measure next to them. End them yourself, "
                    + "e.g. sudo kill -9 " + String.join(" ", still.stream().map(m -> Long.toString(m.pid()))
                    .toList()) + ", then run again", null);
        }
        return left;
    }

    /** Whether the JVM named by an owner marker ({@code <pid>@<start instant>}) still runs. */
    static boolean ownerAlive(String owner) {
        int at = owner.indexOf('@');
        if (at <= 0) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(owner.substring(0, at));
        } catch (NumberFormatException e) {
            return false;
        }
        String started = owner.substring(at + 1);
        // the same pid with another start time is a different process: the kernel reuses pids
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().startInstant()).map(Object::toString).map(started::equals).orElse(false);
    }

    /** SIGKILLs this JVM's fio processes on {@code target} that are still there (jobs whose fio main died). */
    static void killOwn(Path target) {
        for (Marked m : ownOn(target)) {
            ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Marked> marked() {
        List<Marked> found = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                markedProcess(entry).ifPresent(found::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot list /proc to find fio processes: {}", e.toString());
        }
        return found;
    }

    private static Optional<Marked> markedProcess(Path entry) {
        long pid;
        try {
            pid = Long.parseLong(entry.getFileName().toString());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] environ;
        try {
            environ = Files.readAllBytes(entry.resolve("environ"));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // gone, or another user's: not ours to find
        }
        String owner = null;
        String target = null;
        for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (variable.startsWith(OWNER_VARIABLE + "=")) {
                owner = variable.substring(OWNER_VARIABLE.length() + 1);
            } else if (variable.startsWith(TARGET_VARIABLE + "=")) {
                target = variable.substring(TARGET_VARIABLE.length() + 1);
            }
        }
        if (owner == null || target == null) {
            return Optional.empty();
        }
        return Optional.of(new Marked(pid, commandOf(entry), owner, target));
    }

    private static String commandOf(Path entry) {
        try {
            byte[] cmdline = Files.readAllBytes(entry.resolve("cmdline"));
            String text = String.join(" ", Arrays.stream(new String(cmdline, StandardCharsets.UTF_8).split("\0"))
                    .filter(s -> !s.isEmpty()).toList());
            return text.isEmpty() ? "?" : text;
        } catch (IOException e) {
            return "?";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FioException("interrupted while waiting for leftover fio processes to end", e);
        }
    }
}
