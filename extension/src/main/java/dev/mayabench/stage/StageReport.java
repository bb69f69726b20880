package dev.mayabench.stage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What happened to one stage: ran (and how long it took), was skipped (and why), or failed.
 *
 * <pre>{@code
 * StageReport r = StageReport.skipped(StageName.TUNNEL, "provider 'local' runs on this machine");
 * r.summary();  // "tunnel: skipped (provider 'local' runs on this machine)"
 * }</pre>
 *
 * @param stage    which stage
 * @param outcome  passed, failed or skipped
 * @param started  when it started (for skipped stages: when it was skipped)
 * @param duration how long it ran
 * @param detail   the skip reason or failure message; empty when it passed
 */
@API(status = API.Status.INTERNAL)
public record StageReport(StageName stage, Outcome outcome, Instant started, Duration duration, String detail) {

    /** How a stage ended. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    public StageReport {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        detail = detail == null ? "" : detail;
    }

    static StageReport skipped(StageName stage, String reason) {
        return new StageReport(stage, Outcome.SKIPPED, Instant.now(), Duration.ZERO, reason);
    }

    /** The skip reason, when the stage was skipped. */
    public Optional<String> skipReason() {
        return outcome == Outcome.SKIPPED ? Optional.of(detail) : Optional.empty();
    }

    /** One line for logs and reports. */
    public String summary() {
        return switch (outcome) {
            case PASSED -> stage.id() + ": done in " + Durations.human(duration);
            case SKIPPED -> stage.id() + ": skipped (" + detail + ")";
            case FAILED -> stage.id() + ": failed after " + Durations.human(duration) + ": " + detail;
        };
    }
}
