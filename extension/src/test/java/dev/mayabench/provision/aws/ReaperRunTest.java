package dev.mayabench.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReaperRunTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Ec2Reaper.Run run(Optional<Instant> expires, Instant created, String owner, boolean kept) {
        return new Ec2Reaper.Run("demo-1", "demo", expires, Optional.of(created), owner, List.of("aws-vpc vpc-1"),
                kept);
    }

    private static String aliveOwner() {
        return LocalHost.name() + "/" + ProcessHandle.current().pid();
    }

    @Test
    void anExpiredRunIsDueWithItsExpiryAsTheReason() {
        Ec2Reaper.Run run = run(Optional.of(NOW.minusSeconds(60)), NOW.minusSeconds(3600), aliveOwner(), false);

        assertThat(run.dueBecause(NOW, Optional.empty(), false)).contains("expired at 2026-11-25T11:59:00Z");
    }

    @Test
    void aLiveRunBeforeItsExpiryIsKeptUnlessItIsOlderThanAsked() {
        Ec2Reaper.Run run = run(Optional.of(NOW.plusSeconds(3600)), NOW.minus(Duration.ofHours(3)), aliveOwner(),
                false);

        assertThat(run.dueBecause(NOW, Optional.empty(), false)).isEmpty();
        assertThat(run.dueBecause(NOW, Optional.of(Duration.ofHours(4)), false)).isEmpty();
        assertThat(run.dueBecause(NOW, Optional.of(Duration.ofHours(2)), false)).get().asString()
                .contains("more than 120 min ago");
    }

    @Test
    void aRunWhoseProcessOnThisHostIsGoneIsDue() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Ec2Reaper.Run run = run(Optional.of(NOW.plusSeconds(3600)), NOW, LocalHost.name() + "/" + gone.pid(), false);

        assertThat(run.dueBecause(NOW, Optional.empty(), false)).get().asString().contains("is gone");
    }

    @Test
    void aRunOwnedByAnotherHostIsNotJudgedByItsProcess() {
        Ec2Reaper.Run run = run(Optional.of(NOW.plusSeconds(3600)), NOW, "ci-runner-17/1", false);

        assertThat(run.dueBecause(NOW, Optional.empty(), false)).isEmpty();
    }

    @Test
    void aKeptClusterIsNeverDueUnlessKeptOnesAreIncluded() {
        Ec2Reaper.Run run = run(Optional.empty(), NOW.minus(Duration.ofDays(9)), "gone-host/1", true);

        assertThat(run.dueBecause(NOW, Optional.of(Duration.ofHours(1)), false)).isEmpty();
        assertThat(run.dueBecause(NOW, Optional.empty(), true)).isPresent();
    }
}
