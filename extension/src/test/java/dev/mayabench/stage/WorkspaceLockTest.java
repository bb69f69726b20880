package dev.mayabench.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace lock against a second, real JVM that holds it. */
class WorkspaceLockTest {

    @TempDir
    Path dir;

    private Process holder;

    @AfterEach
    void endTheHolder() {
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    /** Starts a JVM that holds {@code lock} for {@code hold} and returns once it says it has it. */
    private Process holdInOtherJvm(Path lock, Duration hold) throws Exception {
        holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString(),
                Long.toString(hold.toMillis()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("locked")) {
            // wait for it
        }
        assertThat(line).as("the other JVM took the lock").isEqualTo("locked");
        return holder;
    }

    @Test
    void aLockHeldByAnotherJvmFailsAfterTheWaitNamingThatProcessAndHowToProceed() throws Exception {
        Path lock = dir.resolve("ws/lock");
        Process other = holdInOtherJvm(lock, Duration.ofMinutes(1));
        List<String> said = new CopyOnWriteArrayList<>();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> WorkspaceLock.acquire(lock, Duration.ofSeconds(1), said::add))
                .isInstanceOf(WorkspaceLockedException.class)
                .hasMessageContaining(lock.toString())
                .hasMessageContaining("pid " + other.pid())
                .hasMessageContaining(LockHolder.class.getName())
                .hasMessageContaining("kill " + other.pid())
                .hasMessageContaining("-Dmayabench.local.lockWait=30m");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(said).singleElement().asString().contains("waiting up to 1s").contains("pid " + other.pid())
                .contains(LockHolder.class.getName());
    }

    @Test
    void aRunWaitsForTheOtherJvmToFinishThenTakesTheLockAndNamesItself() throws Exception {
        Path lock = dir.resolve("ws/lock");
        Process other = holdInOtherJvm(lock, Duration.ofSeconds(2));
        List<String> said = new CopyOnWriteArrayList<>();

        try (WorkspaceLock mine = WorkspaceLock.acquire(lock, Duration.ofSeconds(30), said::add)) {
            assertThat(other.waitFor(1, TimeUnit.SECONDS)).as("the other JVM had ended").isTrue();
            assertThat(said).singleElement().asString().contains("pid " + other.pid());
            assertThat(WorkspaceLock.holder(lock).pid()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(Files.readString(lock)).contains("command=").contains("started=");
        }
    }

    @Test
    void aHolderKilledWithSigkillLetsGoAtOnce() throws Exception {
        Path lock = dir.resolve("ws/lock");
        Process other = holdInOtherJvm(lock, Duration.ofMinutes(1));
        other.destroyForcibly();
        other.waitFor(10, TimeUnit.SECONDS);

        try (WorkspaceLock mine = WorkspaceLock.acquire(lock, Duration.ZERO, line -> { })) {
            assertThat(mine.file()).isEqualTo(lock);
        }
    }

    @Test
    void withinOneJvmTheLockIsSharedAndLetGoWhenTheLastHolderCloses() throws Exception {
        Path lock = dir.resolve("ws/lock");
        WorkspaceLock first = WorkspaceLock.acquire(lock, Duration.ZERO, line -> { });
        WorkspaceLock second = WorkspaceLock.acquire(lock, Duration.ZERO, line -> { });
        first.close();
        first.close(); // idempotent: does not let go of the second holder's share

        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString(), "0")
                .redirectErrorStream(true).start();
        holder = other;
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).as("the other JVM could not take the lock: %s", output).isNotZero();
        assertThat(output).contains(WorkspaceLockedException.class.getSimpleName());

        second.close();
        holdInOtherJvm(lock, Duration.ZERO);
    }
}
