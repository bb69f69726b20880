package dev.mayabench.ansible;

import dev.mayabench.ssh.TunnelStage;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Installs Kubernetes on the cluster's nodes with the chosen installer's playbook and leaves its admin
 * kubeconfig in the workspace as {@code admin.conf} (0600), pointing at the tunnel's forward of the API port
 * when there is a tunnel. kubespray runs as kubespray documents it: {@code kubespray.yml} fetches the pinned
 * release and its own Ansible into the workspace, then that Ansible runs kubespray's {@code cluster.yml}, then
 * {@code fetch-admin-conf.yml} copies the kubeconfig.
 *
 * <pre>{@code
 * pipeline.stage(new KubernetesStage(Installer.K3S, new Ansible()));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class KubernetesStage implements Stage {

    /** The workspace file the stage produces. */
    public static final String ADMIN_CONF = "admin.conf";
    static final String KUBESPRAY_VERSION = "v2.27.0";

    private final Installer installer;
    private final Ansible ansible;

    public KubernetesStage(Installer installer, Ansible ansible) {
        this.installer = Objects.requireNonNull(installer, "installer");
        this.ansible = Objects.requireNonNull(ansible, "ansible");
    }

    @Override
    public StageName name() {
        return StageName.KUBERNETES;
    }

    @Override
    public List<String> outputs() {
        return List.of(ADMIN_CONF);
    }

    @Override
    public void run(StageContext context) throws IOException {
        Workspace workspace = context.workspace();
        context.log("ansible-core " + ansible.version() + "; installer " + installer);
        ClusterInventory.nodes(workspace, installer, ansible, context::log);
        Path playbooks = Playbooks.extract(workspace);
        Path inventory = workspace.file(Inventory.FILE);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("mayabench_workspace", workspace.directory().toString());
        workspace.state().map(s -> s.attributes().get(TunnelStage.API_SERVER_ATTRIBUTE)).filter(a -> !a.isBlank())
                .ifPresent(api -> vars.put("mayabench_api_server", api));
        if (installer == Installer.KUBESPRAY) {
            vars.put("kubespray_version", KUBESPRAY_VERSION);
            run(Playbook.of(playbooks.resolve(installer.playbook()), inventory).withVars(vars), context);
            Path kubespray = workspace.file("kubespray-" + KUBESPRAY_VERSION);
            // kubespray's README: run from the checkout, whose ansible.cfg puts roles/ and library/ on the path
            Ansible own = new Ansible(kubespray.resolve("venv/bin")).inProject(kubespray);
            context.log("kubespray's own ansible-core " + own.version() + " runs cluster.yml in " + kubespray);
            PlaybookResult result = own.run(Playbook.of(kubespray.resolve("cluster.yml"), inventory)
                    .withVars(Map.of("ansible_become", true)), context.workspace().logFile("kubespray-cluster"),
                    context::log);
            context.log("cluster.yml: " + result.recap().summary());
            run(Playbook.of(playbooks.resolve("fetch-admin-conf.yml"), inventory).withVars(vars), context);
        } else {
            run(Playbook.of(playbooks.resolve(installer.playbook()), inventory).withVars(vars), context);
        }
        Path adminConf = workspace.file(ADMIN_CONF);
        if (!Files.exists(adminConf)) {
            throw new AnsibleException(installer.playbook() + " finished but left no " + adminConf
                    + "; see " + context.logFile());
        }
        if (adminConf.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(adminConf, PosixFilePermissions.fromString("rw-------"));
        }
        context.log("kubeconfig: " + adminConf + " (0600)");
    }

    private void run(Playbook playbook, StageContext context) {
        PlaybookResult result = ansible.run(playbook, context.workspace().logFile("ansible-" + playbook.name()),
                context::log);
        context.log(playbook.file().getFileName() + ": " + result.recap().summary());
    }
}
