package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * fio never outlives the JVM that started it, and a run never measures next to fio left by another: real fio,
 * real {@code kill -9}, the process table read from {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class FioOrphansTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatTheTestStarted() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        // what a failing test left (fio of a killed JVM is no descendant any more): found by its marker
        for (String target : List.of("data", "other")) {
            FioProcesses.leftoversOn(dir.resolve(target))
                    .forEach(m -> ProcessHandle.of(m.pid()).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void fioAndItsJobProcessesDieWithAJvmKilledBySigkill() throws Exception {
        Path target = dir.resolve("data");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FioInOwnJvm.class.getName(), target.toString(),
                dir.resolve("runs").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        started.add(jvm);

        // fio main plus its two job processes (each in a session of its own: fio's backend.c calls setsid())
        List<ProcessHandle> fio = await(Duration.ofSeconds(60), () -> {
            List<ProcessHandle> all = jvm.descendants().filter(p -> p.info().command().orElse("").endsWith("fio"))
                    .toList();
            return all.size() >= 3 ? all : null;
        });
        assertThat(FioProcesses.leftoversOn(target)).as("every fio process carries the target marker").hasSize(3);

        jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fio.stream().anyMatch(FioOrphansTest::running) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fio.stream().filter(FioOrphansTest::running).map(ProcessHandle::pid).toList())
                .as("fio processes of the killed JVM still alive 5 s later").isEmpty();
        assertThat(FioProcesses.leftoversOn(target)).isEmpty();
    }

    @Test
    void aRunEndsFioThatAKilledRunLeftOnItsTargetBeforeMeasuring() throws Exception {
        Path target = dir.resolve("data");
        Files.createDirectories(target);
        Process leftover = leftoverFio(target);
        await(Duration.ofSeconds(20), () -> FioProcesses.leftoversOn(target).size() >= 2 ? true : null);
        List<Long> pids = FioProcesses.leftoversOn(target).stream().map(FioProcesses.Marked::pid).toList();

        FioJob job = FioJob.profile("randread-4k").withOverrides(FioJobProfileTest.overrides("size", "1m",
                "runtime", "1s", "ioengine", "psync", "direct", "0"));
        new FioRunner().run(job, target, dir.resolve("runs"), "afterLeftovers");

        assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).as("the leftover fio main process was ended").isTrue();
        assertThat(pids.stream().filter(pid -> ProcessHandle.of(pid).map(FioOrphansTest::running).orElse(false)))
                .as("leftover fio processes still alive").isEmpty();
    }

    @Test
    void fioOfAnotherTargetIsLeftAlone() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Process elsewhere = leftoverFio(other);
        await(Duration.ofSeconds(20), () -> FioProcesses.leftoversOn(other).isEmpty() ? null : true);

        assertThat(FioProcesses.endLeftovers(dir.resolve("data"))).isEmpty();

        assertThat(elsewhere.isAlive()).isTrue();
    }

    @Test
    void fioOfAnotherLiveOwnerOnTheTargetIsRefusedNamedAndLeftAlone() throws Exception {
        Path target = dir.resolve("data");
        Files.createDirectories(target);
        Process owner = new ProcessBuilder("sleep", "60").start();
        started.add(owner);
        Process running = leftoverFio(target, FioProcesses.owner(owner.toHandle()));
        await(Duration.ofSeconds(20), () -> FioProcesses.leftoversOn(target).isEmpty() ? null : true);

        FioJob job = FioJob.profile("randread-4k").withOverrides(FioJobProfileTest.overrides("size", "1m",
                "runtime", "1s", "ioengine", "psync", "direct", "0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new FioRunner().run(job, target, dir.resolve("runs"), "nextToALiveRun"))
                .isInstanceOf(FioException.class)
                .hasMessageContaining("another live process runs fio on " + target)
                .hasMessageContaining("pid " + running.pid())
                .hasMessageContaining("kill " + owner.pid());
        assertThat(running.isAlive()).isTrue();
        assertThat(dir.resolve("runs/nextToALiveRun.json")).doesNotExist();
    }

    /** A fio the way a killed run leaves it: marked with an owner that is gone, working on {@code target}. */
    private Process leftoverFio(Path target) throws IOException {
        return leftoverFio(target, "1@1970-01-01T00:00:00Z");
    }

    private Process leftoverFio(Path target, String owner) throws IOException {
        Path job = Files.writeString(dir.resolve("leftover-" + target.getFileName() + ".fio"),
                "[global]\nioengine=psync\nrw=randread\nsize=1m\ntime_based=1\nruntime=60s\n[left]\n");
        ProcessBuilder builder = new ProcessBuilder("fio", "--output=" + dir.resolve("left.out"), job.toString())
                .directory(target.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("left.log").toFile());
        builder.environment().putAll(Map.of(FioProcesses.OWNER_VARIABLE, owner,
                FioProcesses.TARGET_VARIABLE, target.toString()));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /**
     * Alive and not a zombie: a killed job process whose fio main died too is reparented to PID 1, and where PID 1
     * does not reap (a container's shell) it stays a zombie, which {@link ProcessHandle#isAlive} counts as alive.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private interface Probe<T> {
        T look() throws Exception;
    }

    private static <T> T await(Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = probe.look();
            if (seen != null) {
                return seen;
            }
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
