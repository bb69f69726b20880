package dev.mayabench.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * An exclusive lock on a workspace or data directory across processes: two builds of the same project, or two
 * projects measuring the same {@code mayabench.local.dir}, never run fio or tear down at the same time. It is a
 * {@link FileLock} on a lock file, so the operating system releases it however the holder ends (also
 * {@code kill -9}); the file holds the holder's pid, command line and start time so a waiting run can name it.
 * The lock file is never deleted (deleting it while another process waits on it would let a third one lock a new
 * file beside it).
 *
 * <p>Within one JVM the lock is counted: a second acquisition of the same file by this JVM shares it (JUnit's own
 * exclusive resources keep this JVM's fio runs apart), and the file is unlocked when the last holder closes.
 *
 * <pre>{@code
 * try (WorkspaceLock lock = WorkspaceLock.acquire(workspace.file("lock"), Duration.ofMinutes(5), LOG::info)) {
 *     // run fio, tear down
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class WorkspaceLock implements AutoCloseable {

    /** How long a run waits for another process's lock by default. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    /** The system property of the wait; environment variable {@code MAYABENCH_LOCAL_LOCKWAIT}. */
    public static final String WAIT_SETTING = "mayabench.local.lockWait";
    static final Duration POLL = Duration.ofMillis(250);

    private static final Map<Path, Held> HELD_IN_THIS_JVM = new HashMap<>();

    /** One file locked by this JVM, and how many holders share it. */
    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int holders;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /** The process that holds a lock, as its lock file says. */
    public record Holder(String pid, String command, String started, String directory) {
        @Override
        public String toString() {
            return "pid " + pid + " (started " + started + ", in " + directory + "): " + command;
        }
    }

    private final Path file;
    private boolean closed;

    private WorkspaceLock(Path file) {
        this.file = file;
    }

    /**
     * Locks {@code file} (created if needed), waiting up to {@code wait} for another process to let go. While it
     * waits it says once, through {@code log}, who holds it.
     *
     * @throws WorkspaceLockedException when the other process still holds it after {@code wait}
     */
    public static WorkspaceLock acquire(Path file, Duration wait, Consumer<String> log) {
        Path lockFile = file.toAbsolutePath().normalize();
        synchronized (HELD_IN_THIS_JVM) {
            Held held = HELD_IN_THIS_JVM.get(lockFile);
            if (held != null) {
                held.holders++;
                return new WorkspaceLock(lockFile);
            }
        }
        FileChannel channel = open(lockFile);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean said = false;
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // another thread of this JVM is just taking it: wait and look again
                }
                if (lock != null) {
                    writeHolder(channel);
                    synchronized (HELD_IN_THIS_JVM) {
                        Held held = new Held(channel, lock);
                        held.holders = 1;
                        HELD_IN_THIS_JVM.put(lockFile, held);
                    }
                    return new WorkspaceLock(lockFile);
                }
                Holder holder = holder(lockFile);
                if (System.nanoTime() >= deadline) {
                    channel.close();
                    throw new WorkspaceLockedException(lockFile, holder, wait);
                }
                if (!said) {
                    log.accept("waiting up to " + text(wait) + " for another mayabench run to finish: " + holder
                            + " holds " + lockFile + " (set " + WAIT_SETTING + " to wait longer or shorter)");
                    said = true;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock " + lockFile, e);
        }
    }

    /** What the lock file says about its holder (possibly a run that ended: the file stays). */
    public static Holder holder(Path lockFile) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(lockFile, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // read below as unknown
        }
        return new Holder(fields.getOrDefault("pid", "unknown"), fields.getOrDefault("command", "unknown command"),
                fields.getOrDefault("started", "unknown time"), fields.getOrDefault("directory", "unknown"));
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Lets go of this holder's share; the file is unlocked when the last holder in this JVM lets go. */
    @Override
    public void close() {
        synchronized (HELD_IN_THIS_JVM) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD_IN_THIS_JVM.get(file);
            if (held == null || --held.holders > 0) {
                return;
            }
            HELD_IN_THIS_JVM.remove(file);
            try {
                held.lock.release();
            } catch (IOException e) {
                // closing the channel below releases it as well
            }
            closeQuietly(held.channel);
        }
    }

    private static FileChannel open(Path lockFile) {
        try {
            Files.createDirectories(lockFile.getParent());
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lock file " + lockFile + " (" + e.getMessage()
                    + "); make its directory writable", e);
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String text = "pid=" + self.pid() + "\n"
                + "command=" + command(self.info()).replace('\n', ' ') + "\n"
                + "directory=" + workingDirectory() + "\n"
                + "started=" + self.info().startInstant().map(Instant::toString).orElse("unknown") + "\n"
                + "locked=" + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /**
     * The holder's command line with its class path left out: a build's class path runs to pages and hides what
     * names the run (the main class, the surefire booter, the IDE's launcher).
     */
    static String command(ProcessHandle.Info info) {
        // The JDK gives up on long command lines (a build's class path), so /proc is read first where it exists.
        String[] all = selfCommandLine();
        String executable = all.length > 0 ? all[0] : info.command().orElse("java");
        String[] arguments = all.length > 0 ? java.util.Arrays.copyOfRange(all, 1, all.length)
                : info.arguments().orElse(new String[0]);
        StringBuilder out = new StringBuilder(executable);
        for (int i = 0; i < arguments.length; i++) {
            String a = arguments[i];
            if ((a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) && i + 1 < arguments.length) {
                out.append(' ').append(a).append(" (class path)");
                i++;
            } else {
                out.append(' ').append(a);
            }
        }
        return out.toString();
    }

    private static String[] selfCommandLine() {
        try {
            String text = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
            return text.isEmpty() ? new String[0] : text.split("\0");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    private static String workingDirectory() {
        try {
            return Path.of("").toAbsolutePath().toString();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    static String text(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + "m" : s + "s";
    }
}
