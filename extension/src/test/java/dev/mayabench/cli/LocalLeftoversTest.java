package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.fio.FioProcesses;
import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import dev.mayabench.junit.ReuseRunner;
import dev.mayabench.stage.LockHolder;
import dev.mayabench.stage.WorkspaceLockedException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A run of the local provider killed with SIGKILL while fio ran on {@code mayabench.local.dir=X}: the next run (with
 * other settings) names X's data with the exact {@code mayabench down} command in its log, and that command removes
 * it; while a run holds the workspace, {@code mayabench down} refuses and names it.
 */
@EnabledOnOs(OS.LINUX)
class LocalLeftoversTest {

    @TempDir
    Path dir;

    private Process other;

    @AfterEach
    void cleanUp() {
        System.clearProperty("mayabench.build.dir");
        System.clearProperty("mayabench.results.dir");
        System.clearProperty("mayabench.local.lockWait");
        if (other != null) {
            other.destroyForcibly();
        }
    }

    @MayastorCluster(name = "killed")
    static class LongRun {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "60s", size = "2m", ioengine = "psync", direct = 0)
        void longRead(FioResult result) {
        }
    }

    @MayastorCluster(name = "killed")
    static class ShortRun {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "2m", ioengine = "psync", direct = 0)
        void shortRead(FioResult result) {
        }
    }

    @Test
    void aKilledRunsDataInLocalDirIsNamedWithTheDownCommandThatRemovesIt() throws Exception {
        Path build = dir.resolve("build");
        Path localDir = dir.resolve("nvme");
        Path killedData = localDir.resolve("mayabench-killed");
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dmayabench.build.dir=" + build,
                "-Dmayabench.results.dir=" + dir.resolve("results"), "-Dmayabench.local.dir=" + localDir,
                ReuseRunner.class.getName(), LongRun.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (FioProcesses.leftoversOn(killedData).isEmpty()) {
            assertThat(System.nanoTime()).as("fio of the first run started; its log: %s",
                    dir.resolve("killed.log")).isLessThan(deadline);
            Thread.sleep(100);
        }
        other.destroyForcibly();
        other.waitFor(10, TimeUnit.SECONDS);
        assertThat(killedData).isDirectory();

        System.setProperty("mayabench.build.dir", build.toString());
        System.setProperty("mayabench.results.dir", dir.resolve("results").toString());
        String log = capturingStandardError(() -> EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ShortRun.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(1)));

        Path workspace = build.resolve("mayabench").resolve("killed");
        // Surefire sets basedir, so the line gives the Maven goal first and the command line for use without Maven
        String command = "mayabench down killed --workspace " + workspace;
        String logged = "mvn mayabench:down -Dmayabench.cluster=killed (without Maven: " + command + ")";
        assertThat(log).contains(killedData + " holds fio data files of an earlier run")
                .contains("Remove them after this run with: " + logged);
        assertThat(workspace.resolve("logs/teardown.log")).content().contains("remove with: " + logged);
        assertThat(killedData).as("the next run does not delete what it did not make").isDirectory();

        MayabenchCommandTest.Result down = MayabenchCommandTest.run(command.substring("mayabench ".length())
                .split(" "));
        assertThat(down.status()).as(down.out() + down.err()).isZero();
        assertThat(killedData).doesNotExist();
        assertThat(workspace).doesNotExist();
    }

    @Test
    void downRefusesWhileAnotherProcessHoldsTheWorkspaceAndNamesIt() throws Exception {
        Path workspace = dir.resolve("ws");
        Files.createDirectories(workspace);
        Files.writeString(workspace.resolve("state.json"), """
                {"cluster":"busy","provider":"local","identity":"x","createdAt":"2026-12-03T00:00:00Z","resources":[]}
                """);
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                workspace.resolve("lock").toString(), "60000").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");

        MayabenchCommandTest.Result down = MayabenchCommandTest.run("down", "busy", "--workspace",
                workspace.toString());

        assertThat(down.status()).isEqualTo(1);
        assertThat(down.err()).contains("is in use, nothing deleted").contains("pid " + other.pid());
        assertThat(workspace.resolve("state.json")).exists();
    }

    @Test
    void aSecondBuildOfTheSameWorkspaceWaitsForTheFirstThenFailsNamingIt() throws Exception {
        Path build = dir.resolve("build");
        Path workspace = build.resolve("mayabench").resolve("killed");
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                workspace.resolve("lock").toString(), "60000").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");
        System.setProperty("mayabench.build.dir", build.toString());
        System.setProperty("mayabench.results.dir", dir.resolve("results").toString());
        System.setProperty("mayabench.local.lockWait", "1s");

        String log = capturingStandardError(() -> EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ShortRun.class)).execute().allEvents()
                .assertThatEvents().haveAtLeastOne(finishedWithFailure(instanceOf(WorkspaceLockedException.class),
                        message(m -> m.contains("pid " + other.pid()) && m.contains(LockHolder.class.getName())
                                && m.contains("-Dmayabench.local.lockWait=30m")))));

        assertThat(log).contains("waiting up to 1s for another mayabench run to finish: pid " + other.pid());
        assertThat(workspace.resolve("state.json")).as("nothing written while the other run holds it")
                .doesNotExist();
    }

    private static String capturingStandardError(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, copy), true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final List<java.io.OutputStream> targets;

        TeeStream(java.io.OutputStream... targets) {
            this.targets = List.of(targets);
        }

        @Override
        public void write(int b) throws java.io.IOException {
            for (java.io.OutputStream t : targets) {
                t.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            for (java.io.OutputStream t : targets) {
                t.write(b, off, len);
            }
        }
    }
}
