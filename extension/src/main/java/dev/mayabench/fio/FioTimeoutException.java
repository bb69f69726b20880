package dev.mayabench.fio;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * fio did not finish within its timeout (expected duration plus a margin for laying out data files), so
 * mayabench stopped it. The message says how long it waited, why, and what fio printed last.
 *
 * <pre>{@code
 * try {
 *     runner.run(job, dataDir, runDir, "slow");
 * } catch (FioTimeoutException e) {
 *     System.err.println("stopped after " + e.timeout());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class FioTimeoutException extends FioException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final List<String> command;

    public FioTimeoutException(String message, Duration timeout, List<String> command) {
        super(message);
        this.timeout = timeout;
        this.command = List.copyOf(command);
    }

    /** How long fio was given. */
    public Duration timeout() {
        return timeout;
    }

    /** The command that was stopped. */
    public List<String> command() {
        return command;
    }
}
