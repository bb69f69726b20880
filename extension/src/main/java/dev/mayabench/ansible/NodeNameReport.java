package dev.mayabench.ansible;

import java.util.ArrayList;
import java.util.List;
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
