package dev.mayabench.stage;

import org.apiguardian.api.API;

/**
 * Sees every stage run, so reporting (Allure steps, console progress) stays out of the pipeline. The
 * observer wraps the stage's body: a report step opened before and closed after it nests whatever the
 * stage reports itself.
 *
 * <pre>{@code
 * StageObserver timing = (stage, body) -> {
 *     long t0 = System.nanoTime();
 *     body.run();
 *     System.out.println(stage + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
 * };
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
@FunctionalInterface
public interface StageObserver {

    /** Observer that only runs the body. */
    StageObserver NONE = (stage, body) -> body.run();

    /** Runs {@code body}, which performs the stage; must rethrow what it throws. */
    void around(StageName stage, Body body) throws Exception;

    /** Called after a stage was skipped, with the reason. */
    default void skipped(StageReport report) {
    }

    /** A stage body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }
}
