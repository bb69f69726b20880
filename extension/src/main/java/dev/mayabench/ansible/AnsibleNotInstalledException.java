package dev.mayabench.ansible;

import org.apiguardian.api.API;

/**
 * {@code ansible-playbook} cannot be started, or is older than mayabench's playbooks need. The message says
 * which version was found and how to install a suitable one.
 *
 * <pre>{@code
 * try {
 *     new Ansible().version();
 * } catch (AnsibleNotInstalledException e) {
 *     Assumptions.abort(e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class AnsibleNotInstalledException extends AnsibleException {

    private static final long serialVersionUID = 1L;

    static final String HOW_TO_INSTALL = "Install ansible-core " + Ansible.MINIMUM_VERSION + " or newer: "
            + "'sudo apt-get install -y ansible-core' (Debian 12, Ubuntu 22.04 and later), "
            + "'sudo dnf install -y ansible-core' (RHEL/Fedora), or 'pipx install ansible-core'; "
            + "or set " + Ansible.HOME_SETTING + " to the directory that holds ansible-playbook.";

    public AnsibleNotInstalledException(String problem, Throwable cause) {
        super(problem + ". " + HOW_TO_INSTALL, cause);
    }
}
