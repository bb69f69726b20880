package dev.mayabench.fio;

import java.util.List;
import org.apiguardian.api.API;

/**
 * fio ran and exited with an error (or without writing its output). The message carries the exit code, the
 * command and the end of fio's own output, which says what fio rejected.
 *
 * <pre>{@code
 * try {
 *     runner.run(job, dataDir, runDir, "mixed");
 * } catch (FioFailedException e) {
 *     System.err.println(e.exitCode() + ": " + e.fioOutput());
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class FioFailedException extends FioException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> command;
    private final String fioOutput;

    public FioFailedException(String message, int exitCode, List<String> command, String fioOutput) {
        super(message);
        this.exitCode = exitCode;
        this.command = List.copyOf(command);
        this.fioOutput = fioOutput == null ? "" : fioOutput;
    }

    /** fio's exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** The command that ran. */
    public List<String> command() {
        return command;
    }

    /** The last lines fio printed (stdout and stderr together), fio's own explanation. */
    public String fioOutput() {
        return fioOutput;
    }
}
