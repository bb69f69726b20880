package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.ec2.FakeEc2;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code mayabench} command against the fake EC2 endpoint; {@code up} runs in a JVM of its own so it can be
 * killed (SIGKILL) or interrupted (SIGTERM, as Ctrl-C) the way a real run is.
 */
class MayabenchCommandTest {

    static final String SECRET_KEY = "cli/secret/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

    @TempDir
    Path dir;
    FakeEc2 fake;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE0002");
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() {
        fake = FakeEc2.start("eu-west-1").terminateDelay(Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Mayabench.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    Process up(Path workspace, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Daws.accessKeyId=AKIAFAKEFAKEFAKE0002", "-Daws.secretAccessKey=" + SECRET_KEY,
                "-Dmayabench.name=killed", "-Dmayabench.provider=aws", "-Dmayabench.region=eu-west-1",
                "-Dmayabench.storageNodes=3", "-Dmayabench.aws.endpoint=" + fake.endpoint(),
                "-Dmayabench.aws.sshCidr=198.51.100.7/32",
                Mayabench.class.getName(), "up", "--workspace", workspace.toString(), "--poll", "PT0.1S"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    void awaitInstances(int count, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fake.liveResources().stream().filter(r -> r.kind().equals("instance")).count() < count) {
            assertThat(process.isAlive()).as("up exited early: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("waiting for %d instances", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aRunKilledWithSigkillLeavesTaggedResourcesThatReapDeletesCompletely() throws Exception {
        fake.bootDelay(Duration.ofMinutes(5));
        Path log = dir.resolve("up.log");
        Process up = up(dir.resolve("killed"), log);
        awaitInstances(5, up, log);

        up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(fake.liveResources()).hasSize(11);

        Result dryRun = run("reap", "--dry-run", "--region", "eu-west-1", "--endpoint", fake.endpoint().toString());
        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.out()).contains("would delete run killed-").contains("is gone (a killed run)")
                .contains("aws-vpc vpc-");
        assertThat(fake.liveResources()).hasSize(11);

        Result reap = run("reap", "--region", "eu-west-1", "--endpoint", fake.endpoint().toString(),
                "--poll", "PT0.05S");
        assertThat(reap.status()).as(reap.err()).isZero();
        assertThat(reap.out()).contains("deleting run killed-").contains("deleted aws-vpc vpc-")
                .contains("1 of 1 run(s) deleted in eu-west-1");
        assertThat(fake.liveResources()).isEmpty();
        assertThat(Files.readString(log) + dryRun + reap).doesNotContain(SECRET_KEY).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aRunInterruptedLikeCtrlCDeletesWhatItCreatedBeforeTheJvmExits() throws Exception {
        fake.bootDelay(Duration.ofMinutes(5));
        Path log = dir.resolve("up.log");
        Process up = up(dir.resolve("killed"), log);
        awaitInstances(5, up, log);

        up.destroy();
        boolean exited = up.waitFor(60, TimeUnit.SECONDS);
        assertThat(exited).as("the JVM exits within 60 s of SIGTERM; its log:%n%s", Files.readString(log)).isTrue();

        assertThat(fake.liveResources()).isEmpty();
        assertThat(Files.readString(log)).contains("the JVM is shutting down during provisioning")
                .contains("deleted aws-vpc vpc-");
    }

    @Test
    void upThenDownFromTheWorkspaceLeavesNothing() throws Exception {
        fake.bootDelay(Duration.ofMillis(200));
        Path log = dir.resolve("up.log");
        Path workspace = dir.resolve("killed");
        Process up = up(workspace, log);
        assertThat(up.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(log)).contains("cluster killed is up").contains("storage-3");
        assertThat(fake.liveResources()).hasSize(11);

        Result down = run("down", "killed", "--workspace", workspace.toString(), "--poll", "PT0.05S");

        assertThat(down.status()).as(down.err()).isZero();
        assertThat(down.out()).contains("cluster 'killed' is gone");
        assertThat(fake.liveResources()).isEmpty();
    }

    @Test
    void downWithoutAWorkspaceSaysWhereItLookedAndWhatElseToTry() {
        Result down = run("down", "nowhere");

        assertThat(down.status()).isEqualTo(2);
        assertThat(down.err()).contains("no workspace of cluster 'nowhere'").contains("--workspace")
                .contains("mayabench reap --dry-run");
    }

    @Test
    void aBadAgeIsAUsageErrorWithTheFormat() {
        Result reap = run("reap", "--older-than", "two hours");

        assertThat(reap.status()).isEqualTo(2);
        assertThat(reap.err()).contains("'two hours' is not an age; write a number and m, h or d, e.g. 2h");
    }
}
