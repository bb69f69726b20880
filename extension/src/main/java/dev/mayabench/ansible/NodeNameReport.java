package dev.mayabench.ansible;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an installer playbook says it would register a node as: each installer play reports, in a task tagged
 * {@code node-name}, the Kubernetes node name it gives a host and the arguments that carry it (k3s's
 * {@code INSTALL_K3S_EXEC}, kubeadm's flags, MicroK8s's hostname). Read from {@code ansible-playbook}'s output, so
 * {@code --check --tags node-name} shows a cluster's node names before anything is installed.
 *
 * <pre>{@code
 * ansible.run(Playbook.of(k3s, inventory).inCheckMode(), List.of("--tags", "node-name"), log, lines::add);
 * NodeNameReport.parse(lines);   // [storage-1 -> storage-1 (INSTALL_K3S_EXEC=agent --node-name=storage-1), ...]
 * }</pre>
 *
 * @param host      the inventory name
 * @param nodeName  the name the node registers under in Kubernetes
 * @param arguments what the installer passes for it
 */
public record NodeNameReport(String host, String nodeName, String arguments) {

    /** The tag of the reporting tasks in every installer playbook. */
    public static final String TAG = "node-name";

    private static final Pattern RESULT = Pattern.compile("^ok: \\[([^]]+)]( => \\{)?");
    private static final Pattern MESSAGE = Pattern.compile("^\\s*\"msg\": \"node-name (\\S+): (.*)\"\\s*$");

    /**
     * The node names an installer playbook would give the hosts of an inventory, worked out on this machine alone:
     * its {@code node-name} tasks in check mode with a local connection, so no node is contacted and nothing
     * changes. (MicroK8s's report also names the hostname this machine has now; only its node name counts.)
     *
     * @param playbook  the installer's playbook, e.g. {@code <workspace>/ansible/k3s.yml}
     * @param inventory the inventory it would run against
     * @param log       where ansible-playbook's output goes
     */
    public static List<NodeNameReport> plan(Ansible ansible, Path playbook, Path inventory, Path log) {
        Playbook dry = Playbook.of(playbook, inventory).inCheckMode().withVars(Map.of(
                "ansible_connection", "local", "ansible_become", false,
                "mayabench_workspace", inventory.toAbsolutePath().getParent().toString()));
        List<String> output = new ArrayList<>();
        ansible.run(dry, List.of("--tags", TAG), log, output::add);
        return parse(output);
    }

    /** The reports in a playbook's output, in the order the hosts gave them. */
    public static List<NodeNameReport> parse(List<String> output) {
        List<NodeNameReport> reports = new ArrayList<>();
        String host = null;
        for (String line : output) {
            Matcher result = RESULT.matcher(line);
            if (result.find()) {
                host = result.group(1).replaceFirst(" -> .*", "");
                continue;
            }
            Matcher message = MESSAGE.matcher(line);
            if (host != null && message.matches()) {
                reports.add(new NodeNameReport(host, message.group(1), message.group(2).strip()));
                host = null;
            }
        }
        return List.copyOf(reports);
    }

    @Override
    public String toString() {
        return host + " -> " + nodeName + " (" + arguments + ")";
    }
}
