package dev.mayabench.kube;

import dev.mayabench.stage.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits, like Awaitility, for a named condition on the cluster, with a deadline: polls it, logs what it waits
 * for when it starts and every {@value #PROGRESS_SECONDS} s what it last saw, and on timeout or a broken state
 * collects the evidence and throws with a message naming what was awaited, what was last seen and where the
 * evidence is. Polling (not a watch) because it reads the same on a real API server, through a tunnel that may
 * reconnect, and on the mock server.
 *
 * <pre>{@code
 * Pool pool = new Wait(Duration.ofMinutes(10), context::log)
 *         .until("DiskPool pool-storage-1 to be Online", () -> pools.poll("pool-storage-1"), evidence);
 * }</pre>
 */
final class Wait {

    static final int PROGRESS_SECONDS = 15;
    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final Duration timeout;
    private final Consumer<String> log;

    Wait(Duration timeout, Consumer<String> log) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.log = Objects.requireNonNull(log, "log");
    }

    Duration timeout() {
        return timeout;
    }

    /** A wait with a longer deadline (e.g. fio's own run time on top). */
    Wait longer(Duration extra) {
        return new Wait(timeout.plus(extra), log);
    }

    /**
     * Polls until {@code probe} is done, broken or the deadline passes.
     *
     * @param what     what is awaited, as a sentence fragment: "3 PVCs to be Bound"
     * @param probe    one look at the cluster
     * @param evidence collects status, events and logs when the wait fails; returns where it wrote them
     */
    <T> T until(String what, Supplier<Poll<T>> probe, Supplier<String> evidence) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long nextProgress = t0 + Duration.ofSeconds(PROGRESS_SECONDS).toNanos();
        log.accept("waiting up to " + Durations.human(timeout) + " for " + what);
        String seen = "nothing yet";
        while (true) {
            Poll<T> poll = probe.get();
            if (poll instanceof Poll.Done<T> done) {
                log.accept(what.replaceFirst(" to be ", " ") + ": done after "
                        + Durations.human(Duration.ofNanos(System.nanoTime() - t0)));
                return done.value();
            }
            if (poll instanceof Poll.Broken<T> broken) {
                throw new KubeException("gave up waiting for " + what + ": " + broken.why() + "; evidence: "
                        + evidence.get());
            }
            seen = ((Poll.Waiting<T>) poll).seen();
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new KubeWaitTimeoutException("waited " + Durations.human(timeout) + " for " + what
                        + "; last seen: " + seen + "; evidence: " + evidence.get()
                        + "; a longer deadline is set with mayabench.kube.timeout");
            }
            if (now >= nextProgress) {
                log.accept("still waiting for " + what + " (" + Durations.human(Duration.ofNanos(now - t0))
                        + "): " + seen);
                nextProgress = now + Duration.ofSeconds(PROGRESS_SECONDS).toNanos();
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubeException("interrupted while waiting for " + what + "; last seen: " + seen);
            }
        }
    }
}
