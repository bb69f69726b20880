package dev.mayabench.provision;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * How long one run's cloud resources may live, read from the tags every provider puts on them, and the one rule
 * {@code mayabench reap} uses on every cloud to decide whether a run is a leftover: expired, older than asked, or
 * owned by a process on this machine that is gone. A cluster kept with {@code reuse} ({@code mayabench:expires=never})
 * is left alone unless kept ones are included. The tag keys are the same on every cloud, so one {@code reap} rule
 * and one set of docs serve aws and azure.
 *
 * <pre>{@code
 * RunLease lease = RunLease.fromTags(Map.of(RunLease.EXPIRES, "2026-12-03T18:00:00Z",
 *         RunLease.CREATED, "2026-12-03T14:00:00Z", RunLease.OWNER, "ci-7/4242"));
 * lease.dueBecause(Instant.now(), Optional.of(Duration.ofHours(2)), false)   // Optional[expired at ...]
 * }</pre>
 *
 * @param expires when the run may be reaped; empty for a kept cluster or a resource without the tag
 * @param created when the run started, if tagged
 * @param owner   {@code host/pid} of the JVM that created it ("" when untagged)
 * @param kept    kept with {@code reuse} ({@code mayabench:expires=never})
 */
@API(status = API.Status.INTERNAL)
public record RunLease(Optional<Instant> expires, Optional<Instant> created, String owner, boolean kept) {

    /** The run id; every resource of a run carries it, and reap finds leftovers by it. */
    public static final String RUN = "mayabench:run";
    /** The cluster name. */
    public static final String CLUSTER = "mayabench:cluster";
    /** When the run may be reaped (ISO instant), or {@link #NEVER}. */
    public static final String EXPIRES = "mayabench:expires";
    /** When the run started (ISO instant). */
    public static final String CREATED = "mayabench:created";
    /** {@code host/pid} of the JVM that created the resources. */
    public static final String OWNER = "mayabench:owner";
    /** The {@link #EXPIRES} value of a cluster kept with {@code reuse}. */
    public static final String NEVER = "never";

    public RunLease {
        owner = owner == null ? "" : owner;
    }

    /**
     * The lease a resource's tags describe. Tag names are looked up ignoring case, because Azure treats them so
     * ("Tag names are case-insensitive for operations", learn.microsoft.com/azure/azure-resource-manager/management/
     * tag-resources); a timestamp that does not parse counts as absent, never as expired.
     */
    public static RunLease fromTags(Map<String, String> tags) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(tags);
        String expires = byName.getOrDefault(EXPIRES, "");
        return new RunLease(instant(expires), instant(byName.getOrDefault(CREATED, "")),
                byName.getOrDefault(OWNER, ""), expires.equals(NEVER));
    }

    /**
     * Why the run is due for deletion at {@code now}, or empty when it is not: kept (only with
     * {@code includeKept}), expired, older than {@code olderThan}, or its owning process on this host is gone.
     */
    public Optional<String> dueBecause(Instant now, Optional<Duration> olderThan, boolean includeKept) {
        if (kept && !includeKept) {
            return Optional.empty();
        }
        if (kept) {
            return Optional.of("kept with reuse, and --include-kept was given");
        }
        if (expires.isPresent() && expires.get().isBefore(now)) {
            return Optional.of("expired at " + expires.get());
        }
        if (olderThan.isPresent() && created.isPresent() && created.get().plus(olderThan.get()).isBefore(now)) {
            return Optional.of("created at " + created.get() + ", more than " + olderThan.get().toMinutes()
                    + " min ago");
        }
        if (ownerIsGone()) {
            return Optional.of("its process " + owner + " is gone (a killed run)");
        }
        return Optional.empty();
    }

    /** Only a process on this host can be judged: a pid on another machine says nothing here. */
    private boolean ownerIsGone() {
        int slash = owner.lastIndexOf('/');
        if (slash < 0 || !owner.substring(0, slash).equals(localHost())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(slash + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code host/pid} of this JVM, the {@link #OWNER} value a provider writes. */
    public static String currentOwner() {
        return localHost() + "/" + ProcessHandle.current().pid();
    }

    /** This machine's host name, for the owner tag; {@code unknown-host} when the system cannot say. */
    public static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
