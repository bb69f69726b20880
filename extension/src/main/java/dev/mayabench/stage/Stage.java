package dev.mayabench.stage;

import java.util.List;
import org.apiguardian.api.API;

/**
 * One step of building or dismantling a benchmark environment (provision machines, open the tunnel, install
 * Kubernetes, ...). A provider supplies the stages it needs; the {@link Pipeline} runs them in
 * {@link StageName} order, times them, logs them and reports them.
 *
 * <pre>{@code
 * Stage wipe = new Stage() {
 *     public StageName name() { return StageName.TEARDOWN; }
 *     public void run(StageContext context) throws Exception {
 *         context.log("removing " + dataDir);
 *         deleteRecursively(dataDir);
 *     }
 * };
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public interface Stage {

    /** Which stage this is. */
    StageName name();

    /** Does the work; throw to fail the stage (the pipeline wraps it in a {@link StageFailedException}). */
    void run(StageContext context) throws Exception;

    /**
     * Workspace files this stage produces (e.g. {@code inventory.ini}, {@code admin.conf}). When a user skips
     * the stage, these must already be in the workspace, or the pipeline stops with an error naming them.
     */
    default List<String> outputs() {
        return List.of();
    }
}
