package dev.mayabench.provision.aws;

import org.apiguardian.api.API;

/**
 * Creating the cloud environment failed. The message says what failed and why, and — once the provision stage
 * has rolled back — what was removed and what is still there.
 *
 * <pre>{@code
 * catch (ProvisioningException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public class ProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
