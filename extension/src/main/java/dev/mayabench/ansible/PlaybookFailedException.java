package dev.mayabench.ansible;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A playbook did not finish cleanly. The message names each host whose task failed or that could not be
 * reached, the task, and Ansible's own reason, and points at the full log.
 *
 * <pre>{@code
 * try {
 *     ansible.playbook(request);
 * } catch (PlaybookFailedException e) {
 *     e.failures().forEach(f -> System.err.println(f.host() + ": " + f.task() + ": " + f.reason()));
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class PlaybookFailedException extends AnsibleException {

    private static final long serialVersionUID = 1L;

    private final transient PlaybookResult result;

    public PlaybookFailedException(String playbook, PlaybookResult result, Path log) {
        super(message(playbook, result, log));
        this.result = result;
    }

    private static String message(String playbook, PlaybookResult result, Path log) {
        String what = result.failures().isEmpty()
                ? "exited with " + result.exitCode() + " without naming a failed task"
                : "failed:\n" + result.failures().stream()
                        .map(f -> "  - " + f.host() + (f.unreachable() ? " (unreachable)" : "") + ", task '"
                                + f.task() + "': " + f.reason())
                        .collect(Collectors.joining("\n"));
        return "ansible-playbook " + playbook + " " + what + "\nfull output: " + log;
    }

    public PlaybookResult result() {
        return result;
    }

    public List<PlaybookResult.TaskFailure> failures() {
        return result.failures();
    }
}
