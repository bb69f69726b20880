package dev.mayabench.ansible;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.PlaybookOptions;
import dev.mayabench.config.UserPlaybook;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The {@code playbooks} stage: the user's own playbooks ({@code mayabench.playbooks}, the playground's
 * {@code PLAYBOOKS}) run one after the other, in the listed order, against the cluster's generated inventory,
 * after {@code deploy} or, with {@code mayabench.playbooks.after=prepare-nodes}, right after node preparation.
 * Each is its own report step with its play recap attached; the first that fails stops the stage with Ansible's
 * host, task and reason ({@link PlaybookFailedException}). The files were checked when the settings were loaded,
 * before anything was created.
 *
 * <p>Every playbook gets the same extra vars, {@link #variables}: the {@code mayabench_*} names below and, for
 * playbooks written for the playground's {@code ansible_vars.yml}, its names for the same settings. None is a
 * secret: the kubeconfig is passed as a path.
 *
 * <pre>{@code
 * UserPlaybooksStage.contributeTo(pipeline, spec, Installer.K3S, new Ansible(), false);
 * // logs/playbooks.log, logs/playbook-1-label-nodes.log, ...; a step "playbook ansible/label-nodes.yml" each
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class UserPlaybooksStage implements Stage {

    /** Where classpath playbooks are copied to, in the workspace. */
    static final String DIRECTORY = "playbooks";

    private final List<UserPlaybook> playbooks;
    private final Map<String, Object> settings;
    private final Installer installer;
    private final Ansible ansible;
    private final boolean checkOnly;

    /**
     * @param playbooks the playbooks, in the order they run
     * @param settings  the extra vars from the cluster's settings ({@link #settingVariables})
     * @param installer the Kubernetes installer, whose groups a user's own inventory must have
     * @param ansible   the Ansible to run
     * @param checkOnly run each playbook in Ansible's check mode: report what would change, change nothing
     */
    UserPlaybooksStage(List<UserPlaybook> playbooks, Map<String, Object> settings, Installer installer,
                       Ansible ansible, boolean checkOnly) {
        this.playbooks = List.copyOf(playbooks);
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.installer = Objects.requireNonNull(installer, "installer");
        this.ansible = Objects.requireNonNull(ansible, "ansible");
        this.checkOnly = checkOnly;
    }

    /**
     * Adds the stage when the settings list playbooks, at the point {@code playbooks.after} names; says why it is
     * not needed when they list none.
     */
    public static void contributeTo(Pipeline.Builder pipeline, ClusterSpec spec, Installer installer, Ansible ansible,
                                    boolean checkOnly) {
        PlaybookOptions options = spec.playbooks();
        if (options.files().isEmpty()) {
            pipeline.notNeeded(StageName.PLAYBOOKS, "no playbooks listed (mayabench.playbooks)");
            return;
        }
        pipeline.stage(new UserPlaybooksStage(options.files(), settingVariables(spec), installer, ansible,
                checkOnly));
        if (options.after() != StageName.DEPLOY) {
            pipeline.runAfter(StageName.PLAYBOOKS, options.after());
        }
    }

    /**
     * {@code ansible-playbook --syntax-check} of every playbook, before anything is created: what the settings
     * check cannot see (a misspelt module, a task keyword Ansible does not know) stops the run now rather than
     * after the machines are paid for. Run against a one-line inventory of its own, since the cluster's does not
     * exist yet; a syntax check connects to no host.
     *
     * @throws AnsibleException naming the playbook and Ansible's complaint
     */
    public static void syntaxCheck(ClusterSpec spec, Workspace workspace, Ansible ansible) {
        List<UserPlaybook> files = spec.playbooks().files();
        if (files.isEmpty() || spec.skip().contains(StageName.PLAYBOOKS)) {
            return;
        }
        Path directory = workspace.file(DIRECTORY);
        Path inventory = directory.resolve("syntax-check.ini");
        try {
            Files.createDirectories(directory);
            Files.writeString(inventory, "localhost ansible_connection=local\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + inventory + ": " + e.getMessage(), e);
        }
        int position = 0;
        for (UserPlaybook user : files) {
            position++;
            Path file = user.materialize(directory, position);
            try {
                ansible.syntaxCheck(Playbook.of(file, inventory),
                        workspace.logFile("playbook-" + position + "-" + user.name() + "-syntax"));
            } catch (AnsibleException e) {
                throw new AnsibleException("the playbook " + user.written() + " (setting playbooks) does not pass "
                        + "Ansible's syntax check, so nothing was created: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The extra vars that come from the settings, a stable set: {@code mayabench_cluster}, {@code _provider},
     * {@code _kubernetes}, {@code _storage_nodes}, {@code _worker_nodes}, {@code _master_nodes}, {@code _hugepages},
     * {@code _replicas}, {@code _protocol}, {@code _namespace}, {@code _playbooks_after}; and the playground's
     * {@code setup_name}, {@code nr_hugepages}, {@code replica_count}, {@code storage_protocol}.
     */
    static Map<String, Object> settingVariables(ClusterSpec spec) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("mayabench_cluster", spec.name());
        vars.put("mayabench_provider", spec.provider());
        vars.put("mayabench_kubernetes", spec.kubernetes());
        vars.put("mayabench_storage_nodes", spec.storageNodes());
        vars.put("mayabench_worker_nodes", spec.workerNodes());
        vars.put("mayabench_master_nodes", spec.masterNodes());
        vars.put("mayabench_hugepages", spec.hugepages());
        vars.put("mayabench_replicas", spec.replicas());
        vars.put("mayabench_protocol", spec.protocol());
        vars.put("mayabench_namespace", spec.kube().namespace());
        vars.put("mayabench_playbooks_after", spec.playbooks().after().id());
        // the playground's prep_nodes wrote these to ansible_vars.yml and passed that file to every PLAYBOOKS entry
        vars.put("setup_name", spec.name());
        vars.put("nr_hugepages", spec.hugepages());
        vars.put("replica_count", spec.replicas());
        vars.put("storage_protocol", spec.protocol());
        return vars;
    }

    /**
     * Every extra var a playbook gets: the settings' and the workspace's: {@code mayabench_workspace} (the
     * workspace directory), {@code mayabench_inventory} (the inventory the playbook runs with) and
     * {@code mayabench_kubeconfig} (the path of {@code admin.conf}, 0600; there once Kubernetes is installed or
     * the user put it there).
     */
    Map<String, Object> variables(Workspace workspace) {
        Map<String, Object> vars = new LinkedHashMap<>(settings);
        vars.put("mayabench_workspace", workspace.directory().toAbsolutePath().toString());
        vars.put("mayabench_inventory", workspace.file(Inventory.FILE).toAbsolutePath().toString());
        vars.put("mayabench_kubeconfig", workspace.file(KubernetesStage.ADMIN_CONF).toAbsolutePath().toString());
        return vars;
    }

    @Override
    public StageName name() {
        return StageName.PLAYBOOKS;
    }

    @Override
    public void run(StageContext context) throws Exception {
        Workspace workspace = context.workspace();
        context.log("ansible-core " + ansible.version() + "; " + playbooks.size() + " playbook(s) in this order: "
                + playbooks.stream().map(UserPlaybook::written).collect(Collectors.joining(", "))
                + (checkOnly ? "; check mode: nothing will change" : ""));
        ClusterInventory.nodes(workspace, installer, ansible, context::log);
        Path inventory = workspace.file(Inventory.FILE);
        Map<String, Object> vars = variables(workspace);
        if (!Files.exists(workspace.file(KubernetesStage.ADMIN_CONF))) {
            context.log("note: " + vars.get("mayabench_kubeconfig") + " does not exist (yet); mayabench_kubeconfig "
                    + "names it all the same");
        }
        int position = 0;
        for (UserPlaybook user : playbooks) {
            position++;
            Path file = user.materialize(workspace.file(DIRECTORY), position);
            Playbook playbook = Playbook.of(file, inventory).withVars(vars);
            Playbook run = checkOnly ? playbook.inCheckMode() : playbook;
            Path log = workspace.logFile("playbook-" + position + "-" + user.name());
            String title = "playbook " + user.written();
            context.log(title + " (" + position + "/" + playbooks.size() + "): " + file + "; output in " + log);
            PlaybookResult result = AllureReporter.step(title, () -> {
                try {
                    PlaybookResult done = ansible.run(run, log, context::log);
                    attachRecap(done);
                    return done;
                } catch (PlaybookFailedException e) {
                    attachRecap(e.result());
                    AllureReporter.attach("ansible-playbook output", "text/plain", "txt", Files.readAllBytes(log));
                    throw e;
                }
            });
            context.log(user.written() + (checkOnly ? " (check mode): " : ": ") + result.recap().summary());
        }
    }

    private static void attachRecap(PlaybookResult result) {
        String recap = result.recap().hosts().values().stream()
                .map(h -> h.host() + " ok=" + h.ok() + " changed=" + h.changed() + " unreachable=" + h.unreachable()
                        + " failed=" + h.failed() + " skipped=" + h.skipped() + " rescued=" + h.rescued()
                        + " ignored=" + h.ignored())
                .collect(Collectors.joining("\n"));
        AllureReporter.attachText("play recap", "text/plain", "txt", recap.isEmpty() ? "no hosts" : recap);
    }
}
