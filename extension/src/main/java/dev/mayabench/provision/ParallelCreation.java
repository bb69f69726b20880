package dev.mayabench.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Creates a cloud's machines in parallel and waits for every one, also after a failure, so that everything created
 * is recorded for teardown before the first failure is thrown: 24 nodes then take about as long as 3.
 *
 * <pre>{@code
 * ParallelCreation.forEach(plan.nodes(), 24, "mayabench-azure-node", OnInterrupt.INTERRUPT_RUNNING,
 *         node -> create(node));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class ParallelCreation {

    private ParallelCreation() {
    }

    /** What an interrupt (Ctrl-C: the shutdown hook interrupts the provisioning thread) does to running creations. */
    public enum OnInterrupt {
        /**
         * Let every running creation finish, then fail: for a cloud whose teardown deletes resources one by one by
         * their recorded ids (EC2). Interrupting a create call after the cloud accepted it would lose the id of what
         * it made, and the teardown could not delete it (nor what depends on it: the security group, the VPC).
         */
        FINISH_RUNNING,
        /**
         * Interrupt the running creations' blocking calls too: for a cloud whose teardown deletes one container of
         * everything (an Azure resource group), so an unrecorded resource still goes, and waiting for a VM to finish
         * booting would only delay the deletion.
         */
        INTERRUPT_RUNNING
    }

    /**
     * Runs {@code action} for every item on at most {@code parallel} daemon threads and waits for each; rethrows the
     * first failure (or the interrupt) after all have ended.
     */
    public static <T> void forEach(List<T> items, int parallel, String threadName, OnInterrupt onInterrupt,
                                   Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, items.size()), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (T item : items) {
                running.add(CompletableFuture.runAsync(() -> action.accept(item), pool));
            }
            RuntimeException first = null;
            for (CompletableFuture<Void> one : running) {
                try {
                    one.get();
                } catch (InterruptedException e) {
                    // Ctrl-C: the shutdown hook interrupted this thread; still wait for each creation, so whatever
                    // was created is recorded before the rollback, interrupting them first only where that is safe
                    if (onInterrupt == OnInterrupt.INTERRUPT_RUNNING) {
                        pool.shutdownNow();
                    }
                    if (first == null) {
                        first = new IllegalStateException("interrupted while creating the machines", e);
                    }
                    one.handle((v, t) -> null).join();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
