package dev.mayabench.stage;

import org.apiguardian.api.API;

/**
 * A stage of the benchmark environment failed. The message names the stage, how long it ran, the cause, and
 * what (if anything) is still left behind for the user to clean up.
 *
 * <pre>{@code
 * throw new StageFailedException(StageName.PROVISION, "no capacity for i3.2xlarge in eu-west-1a", cause);
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class StageFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final StageName stage;

    public StageFailedException(StageName stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public StageFailedException(StageName stage, String message) {
        this(stage, message, null);
    }

    /** The stage that failed. */
    public StageName stage() {
        return stage;
    }
}
