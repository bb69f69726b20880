package dev.mayabench.ansible;

import dev.mayabench.report.AllureReporter;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Prepares every Mayastor node with {@code prepare-nodes.yml} (packages, kernel modules, hugepages, sysctls,
 * iscsid; its preflight checks fail first and clearly), then records each node's facts with
 * {@code node-facts.yml} and attaches them to the report: kernel, hugepages, loaded modules and NVMe devices,
 * so a reader can trust the numbers. In check mode nothing on the nodes changes: the run says what would.
 *
 * <pre>{@code
 * pipeline.stage(new PrepareNodesStage(Installer.K3S, 1024, new Ansible(), false));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class PrepareNodesStage implements Stage {

    private final Installer installer;
    private final int hugepages;
    private final Ansible ansible;
    private final boolean checkOnly;

    public PrepareNodesStage(Installer installer, int hugepages, Ansible ansible, boolean checkOnly) {
        this.installer = Objects.requireNonNull(installer, "installer");
        this.hugepages = hugepages;
        this.ansible = Objects.requireNonNull(ansible, "ansible");
        this.checkOnly = checkOnly;
    }

    @Override
    public StageName name() {
        return StageName.PREPARE_NODES;
    }

    @Override
    public void run(StageContext context) throws IOException {
        Workspace workspace = context.workspace();
        context.log("ansible-core " + ansible.version() + (checkOnly ? "; check mode: nothing will change" : ""));
        ClusterInventory.nodes(workspace, installer, ansible, context::log);
        Path playbooks = Playbooks.extract(workspace);
        Path inventory = workspace.file(Inventory.FILE);
        Map<String, Object> vars = Map.of("mayabench_workspace", workspace.directory().toString(),
                "mayabench_hugepages", hugepages);
        Playbook prepare = Playbook.of(playbooks.resolve(Playbooks.PREPARE_NODES), inventory).withVars(vars);
        PlaybookResult prepared = ansible.run(checkOnly ? prepare.inCheckMode() : prepare,
                workspace.logFile("ansible-prepare-nodes"), context::log);
        context.log(Playbooks.PREPARE_NODES + (checkOnly ? " (check mode): " : ": ")
                + prepared.recap().summary());

        Path factsDirectory = workspace.file("facts");
        deleteOldFacts(factsDirectory);
        ansible.run(Playbook.of(playbooks.resolve(Playbooks.NODE_FACTS), inventory).withVars(vars),
                workspace.logFile("ansible-node-facts"), context::log);
        List<NodeFacts> facts = NodeFacts.readAll(factsDirectory);
        String table = NodeFacts.table(facts);
        context.log("node facts:\n" + table);
        AllureReporter.attachText("node facts", "text/plain", "txt", table);
        for (NodeFacts node : facts) {
            AllureReporter.attach("node facts " + node.host(), "application/json", "json",
                    Files.readAllBytes(factsDirectory.resolve(node.host() + ".json")));
            if (!node.hasPoolDevice()) {
                context.log("warning: " + node.host() + " has no " + node.nvmeDevice().orElseThrow()
                        + "; its Mayastor pool cannot be created on it (NVMe devices there: "
                        + node.nvmeDevices().stream().map(NodeFacts.NvmeDevice::name).toList() + ")");
            }
        }
    }

    /** Facts of an earlier run must not pass for this one's. */
    private static void deleteOldFacts(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
