package dev.mayabench.ansible;

import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * An inventory lacks what the stages need. The message lists every problem, each with its fix, so one edit of
 * the file settles them all.
 *
 * <pre>{@code
 * try {
 *     InventoryFile.read(new Ansible(), path).check(Installer.K3S);
 * } catch (InventoryException e) {
 *     e.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class InventoryException extends AnsibleException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InventoryException(Path inventory, Installer installer, List<String> problems) {
        super("the inventory " + inventory.toAbsolutePath() + " cannot be used with the " + installer
                + " installer:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
