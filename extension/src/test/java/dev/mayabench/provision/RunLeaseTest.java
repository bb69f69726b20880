package dev.mayabench.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lease read from a run's tags; the due rule itself is proven through Ec2Reaper.Run in ReaperRunTest. */
class RunLeaseTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void theTagsGiveExpiryCreationAndOwnerWhateverTheCaseOfTheirNames() {
        RunLease lease = RunLease.fromTags(Map.of("MAYABENCH:EXPIRES", "2026-12-03T11:00:00Z",
                "Mayabench:Created", "2026-12-03T07:00:00Z", "mayabench:owner", "ci-7/42"));

        assertThat(lease).isEqualTo(new RunLease(Optional.of(Instant.parse("2026-12-03T11:00:00Z")),
                Optional.of(Instant.parse("2026-12-03T07:00:00Z")), "ci-7/42", false));
        assertThat(lease.dueBecause(NOW, Optional.empty(), false)).contains("expired at 2026-12-03T11:00:00Z");
    }

    @Test
    void neverMeansKeptAndATimestampThatDoesNotParseIsAbsentNotExpired() {
        RunLease kept = RunLease.fromTags(Map.of(RunLease.EXPIRES, RunLease.NEVER));
        RunLease garbled = RunLease.fromTags(Map.of(RunLease.EXPIRES, "yesterday", RunLease.CREATED, "soon",
                RunLease.OWNER, "elsewhere/1"));

        assertThat(kept.kept()).isTrue();
        assertThat(kept.dueBecause(NOW, Optional.of(Duration.ofMinutes(1)), false)).isEmpty();
        assertThat(garbled.expires()).isEmpty();
        assertThat(garbled.created()).isEmpty();
        assertThat(garbled.dueBecause(NOW, Optional.of(Duration.ofMinutes(1)), false)).isEmpty();
    }

    @Test
    void theCurrentOwnerIsThisHostAndThisJvmSoItIsNeverJudgedGone() {
        RunLease mine = new RunLease(Optional.empty(), Optional.empty(), RunLease.currentOwner(), false);

        assertThat(RunLease.currentOwner()).isEqualTo(RunLease.localHost() + "/" + ProcessHandle.current().pid());
        assertThat(mine.dueBecause(NOW, Optional.empty(), false)).isEmpty();
    }
}
