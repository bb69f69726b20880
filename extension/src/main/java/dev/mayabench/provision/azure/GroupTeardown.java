package dev.mayabench.provision.azure;

import dev.mayabench.provision.aws.Timings;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Deletes a run's resource group, and with it everything in it (the natural unit of teardown on Azure), waits until
 * Resource Manager no longer knows it, and says so; a group that is already gone counts as deleted, so teardown can
 * be repeated ({@code mayabench down} after a failed teardown).
 *
 * <pre>{@code
 * GroupTeardown.Result r = new GroupTeardown(arm, timings, log::info).delete("mb-demo-1a2b3c");
 * if (!r.complete()) System.err.println(r.remaining());
 * }</pre>
 */
final class GroupTeardown {

    private final ArmClients arm;
    private final Timings timings;
    private final Consumer<String> progress;

    GroupTeardown(ArmClients arm, Timings timings, Consumer<String> progress) {
        this.arm = arm;
        this.timings = timings;
        this.progress = progress;
    }

    /** {@code remaining} says what is still there and how to remove it; empty when complete. */
    record Result(boolean complete, String remaining) {
    }

    Result delete(String group) {
        // one routine deletes a group for teardown, rollback, down and reap: AzureReaper#deleteGroup (the LRO polled
        // with ARM's Retry-After, ARM's code in what it reports, a missing group counted as deleted)
        Map<String, String> left = new AzureReaper(arm, timings.deleteDeadline()).deleteGroup(group, progress);
        return left.isEmpty() ? new Result(true, "")
                : new Result(false, stillThere(group, String.join("; ", left.values())));
    }

    private String stillThere(String group, String why) {
        return "resource group " + group + " in subscription " + arm.subscription() + " (" + why + "); delete it "
                + "with 'az group delete --name " + group + " --yes' or 'mayabench reap'";
    }
}
