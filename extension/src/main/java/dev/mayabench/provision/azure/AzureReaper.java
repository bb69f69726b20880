package dev.mayabench.provision.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import dev.mayabench.provision.RunLease;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Finds every resource group of a subscription that mayabench made for a run and deletes the ones that are due, by
 * the same rule as on aws ({@link RunLease}): past {@code mayabench:expires}, older than asked, or owned by a process
 * on this machine that is gone (a killed run); groups of clusters kept with {@code reuse} stay unless asked. On
 * Azure a run's resources all live in one group, so the group is the unit: deleting it deletes everything in it.
 *
 * <p>Groups are listed whole and filtered here, not with {@code $filter}: ARM documents only the pair
 * {@code tagName eq 'k' and tagValue eq 'v'} (learn.microsoft.com/rest/api/resources/resourcegroups/list), and a run
 * id is not known in advance. (The Azure CLI sends a {@code tagname eq 'k'} alone for {@code az group list --tag k},
 * Azure/azure-cli src/azure-cli/azure/cli/command_modules/resource/custom.py {@code list_resource_groups}, so ARM
 * accepts it too, but it is undocumented; one unfiltered list costs the same single call per page.) Only groups that
 * carry {@code mayabench:run} <em>and</em> are named {@value #GROUP_PREFIX}… are ever deleted: a tag alone can be
 * copied onto a group mayabench did not make.
 *
 * <pre>{@code
 * AzureReaper reaper = AzureReaper.connect(Optional.of("00000000-0000-0000-0000-000000000000"), Optional.empty());
 * for (AzureReaper.Run run : reaper.runs()) {
 *     run.dueBecause(Instant.now(), Optional.of(Duration.ofHours(2)), false)
 *             .ifPresent(why -> reaper.delete(run, System.out::println));
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AzureReaper {

    /** Every group the azure provider creates is named so (the contract between provider and reaper). */
    public static final String GROUP_PREFIX = "mb-";

    /** How long one group's deletion may take before reap reports it as still there (VMs take minutes). */
    static final Duration DELETE_DEADLINE = Duration.ofMinutes(30);

    private final ArmClients arm;
    private final Duration deadline;

    /** A reaper on the given clients (Azure, or a fake in tests). */
    public AzureReaper(ArmClients arm) {
        this(arm, DELETE_DEADLINE);
    }

    AzureReaper(ArmClients arm, Duration deadline) {
        this.arm = arm;
        this.deadline = deadline;
    }

    /** A reaper for the subscription (or {@code AZURE_SUBSCRIPTION_ID}); {@code endpoint} for an emulator. */
    public static AzureReaper connect(Optional<String> subscription, Optional<URI> endpoint) {
        return new AzureReaper(AzureClusters.connect(subscription, endpoint));
    }

    /** The subscription the reaper works in. */
    public String subscription() {
        return arm.subscription();
    }

    /**
     * One run's resource group.
     *
     * @param group   the group's name
     * @param region  where it is
     * @param id      the run id ({@code mayabench:run})
     * @param cluster the cluster name ({@code ?} when untagged)
     * @param lease   its expiry, age and owner, from its tags
     */
    public record Run(String group, String region, String id, String cluster, RunLease lease) {

        /** Whether mayabench named the group, and so may delete it. */
        public boolean named() {
            return group.startsWith(GROUP_PREFIX);
        }

        /** Kept with {@code reuse}. */
        public boolean kept() {
            return lease.kept();
        }

        /** When it may be reaped; empty when kept or untagged. */
        public Optional<Instant> expires() {
            return lease.expires();
        }

        /**
         * Why this run is due at {@code now} ({@link RunLease#dueBecause}), or empty; never due when mayabench did
         * not name the group.
         */
        public Optional<String> dueBecause(Instant now, Optional<Duration> olderThan, boolean includeKept) {
            return named() ? lease.dueBecause(now, olderThan, includeKept) : Optional.empty();
        }
    }

    /** Every group in the subscription that carries {@code mayabench:run}, oldest first. */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        for (ResourceGroup group : arm.resources().resourceGroups().list()) {
            Map<String, String> tags = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (group.tags() != null) {
                tags.putAll(group.tags());
            }
            String run = tags.get(RunLease.RUN);
            if (run != null) {
                runs.add(new Run(group.name(), group.regionName(), run, tags.getOrDefault(RunLease.CLUSTER, "?"),
                        RunLease.fromTags(tags)));
            }
        }
        runs.sort(Comparator.comparing(r -> r.lease().created().orElse(Instant.EPOCH)));
        return runs;
    }

    /** Deletes the run's group and everything in it; returns what is still there, with why (empty when gone). */
    public Map<String, String> delete(Run run, Consumer<String> progress) {
        return deleteGroup(run.group(), progress);
    }

    /**
     * Deletes the group, waiting for ARM to finish (at most the deadline), then asks ARM whether it is gone. A
     * group that does not exist counts as deleted, so a second {@code down} or {@code reap} is harmless.
     */
    Map<String, String> deleteGroup(String group, Consumer<String> progress) {
        Map<String, String> remaining = new LinkedHashMap<>();
        String what = "resource group " + group;
        if (!group.startsWith(GROUP_PREFIX)) {
            remaining.put(what, "mayabench deletes only groups it named " + GROUP_PREFIX + "…; delete it yourself "
                    + "if it is yours ('az group delete -n " + group + "')");
            return remaining;
        }
        Instant start = Instant.now();
        progress.accept("deleting " + what + " and everything in it");
        try {
            SyncPoller<Void, Void> poller = arm.resources().resourceGroups().beginDeleteByName(group).getSyncPoller();
            PollResponse<Void> last = poller.poll();
            Instant nextReport = start.plusSeconds(30);
            while (!last.getStatus().isComplete()) {
                if (Instant.now().isAfter(start.plus(deadline))) {
                    remaining.put(what, "still being deleted after " + deadline.toMinutes() + " min (ARM says "
                            + last.getStatus() + "); it may yet finish: look with 'az group show -n " + group
                            + "' or run reap again");
                    return remaining;
                }
                sleep(pause(last.getRetryAfter()));
                if (Instant.now().isAfter(nextReport)) {
                    progress.accept("still deleting " + what + " (" + Duration.between(start, Instant.now())
                            .toSeconds() + " s)");
                    nextReport = Instant.now().plusSeconds(30);
                }
                last = poller.poll();
            }
            if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                remaining.put(what, "its deletion ended " + last.getStatus());
                return remaining;
            }
        } catch (ManagementException e) {
            if (!"ResourceGroupNotFound".equalsIgnoreCase(code(e))) {
                remaining.put(what, reason(e));
                return remaining;
            }
            progress.accept(what + " was already gone");
            return remaining;
        } catch (HttpResponseException e) {
            remaining.put(what, reason(e));
            return remaining;
        } catch (RuntimeException e) {
            // a connection that breaks while polling, say: one group's failure must not stop reap's other groups
            remaining.put(what, "Resource Manager could not be reached while deleting it (" + e.getMessage()
                    + "); look with 'az group show -n " + group + "' or run reap again");
            return remaining;
        }
        try {
            if (arm.resources().resourceGroups().contain(group)) {
                remaining.put(what, "ARM finished deleting it but it is still there");
                return remaining;
            }
        } catch (HttpResponseException e) {
            remaining.put(what, "deleted, but ARM could not confirm it is gone: " + reason(e));
            return remaining;
        }
        progress.accept("deleted " + what + " in " + Duration.between(start, Instant.now()).toSeconds() + " s");
        return remaining;
    }

    /**
     * Between polls: ARM's Retry-After, at least 1 s (the SDK reads less as "none") and at most 30 s, so the loop
     * looks at the deadline and reports progress at least that often.
     */
    private static Duration pause(Duration retryAfter) {
        if (retryAfter == null || retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return retryAfter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : retryAfter;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a resource group to be deleted", e);
        }
    }

    private static String code(ManagementException e) {
        return e.getValue() == null ? null : e.getValue().getCode();
    }

    /** ARM's error code and message, and the HTTP status; the SDK's own message repeats the whole body. */
    static String reason(HttpResponseException e) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        if (e instanceof ManagementException m && m.getValue() != null) {
            return m.getValue().getCode() + ": " + m.getValue().getMessage() + " (HTTP " + status + ")";
        }
        return e.getMessage() + " (HTTP " + status + ")";
    }
}
