package dev.mayabench.provision.azure;

import dev.mayabench.provision.aws.Timings;
import java.time.Duration;
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
        long start = System.nanoTime();
        try {
            if (!arm.resources().resourceGroups().contain(group)) {
                progress.accept("resource group " + group + " does not exist (already deleted)");
                return new Result(true, "");
            }
            // returns after ARM accepted the delete (202); the group disappears when every resource in it is gone
            arm.resources().resourceGroups().beginDeleteByName(group);
            progress.accept("deleting resource group " + group + " and everything in it (deadline "
                    + timings.deleteDeadline().toSeconds() + " s)");
            long until = start + timings.deleteDeadline().toNanos();
            int looks = 0;
            while (arm.resources().resourceGroups().contain(group)) {
                if (System.nanoTime() > until) {
                    return new Result(false, stillThere(group, "it still exists after "
                            + timings.deleteDeadline().toSeconds() + " s"));
                }
                if (++looks % 10 == 0) {
                    progress.accept("resource group " + group + " is still being deleted ("
                            + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)");
                }
                Thread.sleep(timings.poll().toMillis());
            }
            progress.accept("resource group " + group + " deleted after "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            return new Result(true, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, stillThere(group, "interrupted while waiting for the delete"));
        } catch (RuntimeException e) {
            return new Result(false, stillThere(group, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private String stillThere(String group, String why) {
        return "resource group " + group + " in subscription " + arm.subscription() + " (" + why + "); delete it "
                + "with 'az group delete --name " + group + " --yes' or 'mayabench reap'";
    }
}
