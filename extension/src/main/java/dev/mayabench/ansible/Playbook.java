package dev.mayabench.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One {@code ansible-playbook} invocation: which playbook, against which inventory, with which extra variables,
 * for real or in check mode, and how long it may take.
 *
 * <pre>{@code
 * Playbook prepare = Playbook.of(playbooks.resolve("prepare-nodes.yml"), workspace.file("inventory.ini"))
 *         .withVars(Map.of("mayabench_hugepages", 1024))
 *         .inCheckMode();
 * PlaybookResult result = new Ansible().run(prepare, workspace.logFile("prepare-nodes"), log::info);
 * }</pre>
 *
 * @param file      the playbook
 * @param inventory the inventory it runs against
 * @param extraVars passed with {@code --extra-vars} (as a JSON file, so no value needs shell quoting)
 * @param check     {@code --check}: report what would change, change nothing
 * @param timeout   how long the run may take before it is stopped
 */
@API(status = API.Status.EXPERIMENTAL)
public record Playbook(Path file, Path inventory, Map<String, Object> extraVars, boolean check, Duration timeout) {

    /** Long enough for kubespray on a handful of nodes; a hung SSH connection still ends. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public Playbook {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(timeout, "timeout");
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
    }

    public static Playbook of(Path file, Path inventory) {
        return new Playbook(file, inventory, Map.of(), false, DEFAULT_TIMEOUT);
    }

    public Playbook withVars(Map<String, ?> vars) {
        Map<String, Object> merged = new LinkedHashMap<>(extraVars);
        merged.putAll(vars);
        return new Playbook(file, inventory, merged, check, timeout);
    }

    public Playbook inCheckMode() {
        return new Playbook(file, inventory, extraVars, true, timeout);
    }

    public Playbook withTimeout(Duration limit) {
        return new Playbook(file, inventory, extraVars, check, limit);
    }

    /** The playbook's file name without {@code .yml}: {@code prepare-nodes}. */
    public String name() {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
}
