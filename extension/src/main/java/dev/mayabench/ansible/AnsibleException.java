package dev.mayabench.ansible;

import org.apiguardian.api.API;

/**
 * Something mayabench asked of Ansible could not be done: it is not installed, an inventory is unusable, or a
 * playbook failed. The message says what, on which host, and how to go on.
 *
 * <pre>{@code
 * try {
 *     new Ansible().version();
 * } catch (AnsibleException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class AnsibleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AnsibleException(String message) {
        super(message);
    }

    public AnsibleException(String message, Throwable cause) {
        super(message, cause);
    }
}
