package dev.mayabench.fio;

import org.apiguardian.api.API;

/**
 * The fio executable cannot be started: it is not installed, or {@code mayabench.fio.executable} names a file
 * that does not exist or is not executable. The message says how to install fio and which setting points at
 * another binary.
 *
 * <pre>{@code
 * try {
 *     new FioRunner("fio").version();
 * } catch (FioNotInstalledException e) {
 *     Assumptions.abort(e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class FioNotInstalledException extends FioException {

    private static final long serialVersionUID = 1L;

    private final String executable;

    public FioNotInstalledException(String executable, String reason, Throwable cause) {
        super("fio is not installed: cannot run '" + executable + "' (" + reason + "). Install it with "
                + "'sudo apt-get install -y fio' (Debian/Ubuntu) or 'sudo dnf install -y fio' (RHEL/Fedora), "
                + "or set " + FioRunner.EXECUTABLE_SETTING + " to the fio binary to use.", cause);
        this.executable = executable;
    }

    /** The executable that could not be started, as configured. */
    public String executable() {
        return executable;
    }
}
