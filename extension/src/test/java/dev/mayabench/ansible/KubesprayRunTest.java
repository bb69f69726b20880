package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubespray's {@code cluster.yml} run for real by {@code ansible-playbook} the way kubespray documents it: from its
 * checkout, whose {@code ansible.cfg} puts {@code roles/} and {@code library/} on Ansible's paths
 * (kubernetes-sigs/kubespray {@code ansible.cfg}: {@code roles_path = roles:...}, {@code library = ./library};
 * {@code playbooks/cluster.yml} names {@code kubespray-defaults} as a bare role). The kubespray tree here is a
 * small stand-in with the same shape: its {@code cluster.yml} uses a role and a module that only its
 * {@code ansible.cfg} makes findable, and its {@code venv/bin} holds this machine's Ansible.
 */
class KubesprayRunTest {

    @TempDir
    Path dir;
    private Workspace workspace;
    private Path kubespray;
    private Path inventory;
    private final List<String> lines = new ArrayList<>();

    @BeforeAll
    static void ansibleIsInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ansible-playbook")), "ansible-playbook is not installed");
    }

    @BeforeEach
    void kubesprayCheckout() throws IOException {
        workspace = Workspace.open(dir.resolve("ks"));
        kubespray = Files.createDirectories(workspace.file("kubespray-" + KubernetesStage.KUBESPRAY_VERSION));
        // kubespray v2.27.0's ansible.cfg as released (git show v2.27.0:ansible.cfg)
        Files.writeString(kubespray.resolve("ansible.cfg"), """
                [ssh_connection]
                pipelining=True
                ssh_args = -o ControlMaster=auto -o ControlPersist=30m -o ConnectionAttempts=100 -o UserKnownHostsFile=/dev/null
                #control_path = ~/.ssh/ansible-%%r@%%h:%%p
                [defaults]
                # https://github.com/ansible/ansible/issues/56930 (to ignore group names with - and .)
                force_valid_group_names = ignore

                host_key_checking=False
                gathering = smart
                fact_caching = jsonfile
                fact_caching_connection = /tmp
                fact_caching_timeout = 86400
                timeout = 300
                stdout_callback = default
                display_skipped_hosts = no
                library = ./library
                callbacks_enabled = profile_tasks,ara_default
                roles_path = roles:$VIRTUAL_ENV/usr/local/share/kubespray/roles:$VIRTUAL_ENV/usr/local/share/ansible/roles:/usr/share/kubespray/roles
                deprecation_warnings=False
                inventory_ignore_extensions = ~, .orig, .bak, .ini, .cfg, .retry, .pyc, .pyo, .creds, .gpg
                [inventory]
                ignore_patterns = artifacts, credentials
                """);
        Path role = Files.createDirectories(kubespray.resolve("roles/kubespray-defaults/tasks"));
        Files.writeString(role.resolve("main.yml"), """
                - name: kubespray-defaults ran
                  kubespray_probe:
                    said: roles and library found through kubespray's ansible.cfg
                  register: probe
                - ansible.builtin.debug:
                    msg: "{{ probe.said }}"
                """);
        Files.createDirectories(kubespray.resolve("library"));
        Files.writeString(kubespray.resolve("library/kubespray_probe.py"), """
                #!/usr/bin/python3
                from ansible.module_utils.basic import AnsibleModule
                module = AnsibleModule(argument_spec=dict(said=dict(type='str', required=True)))
                module.exit_json(changed=False, said=module.params['said'])
                """);
        // as in v2.27.0: the top-level cluster.yml imports playbooks/cluster.yml, whose plays name bare roles that
        // live in <checkout>/roles, beside neither playbook
        Files.writeString(kubespray.resolve("cluster.yml"), """
                - name: Install Kubernetes
                  ansible.builtin.import_playbook: playbooks/cluster.yml
                """);
        Files.createDirectories(kubespray.resolve("playbooks"));
        Files.writeString(kubespray.resolve("playbooks/cluster.yml"), """
                - name: Prepare for etcd install
                  hosts: localhost
                  connection: local
                  gather_facts: false
                  roles:
                    - { role: kubespray-defaults }
                """);
        Path venv = Files.createDirectories(kubespray.resolve("venv/bin"));
        for (String program : List.of("ansible-playbook", "ansible-inventory")) {
            Files.createSymbolicLink(venv.resolve(program), Path.of("/usr/bin", program));
        }
        // nodes no sshd answers on: nothing in this test may reach them before fetch-admin-conf.yml
        inventory = Inventory.of(List.of(
                new ClusterNode("master-1", Set.of(NodeRole.MASTER), "127.0.0.53", Optional.empty(), 22, "root",
                        Optional.empty()),
                new ClusterNode("storage-1", Set.of(NodeRole.STORAGE, NodeRole.WORKER), "127.0.0.54",
                        Optional.empty(), 22, "root", Optional.of("/dev/nvme1n1"))), Installer.KUBESPRAY)
                .write(workspace);
    }

    @Test
    void clusterYmlFindsItsRolesAndModulesWhenRunFromTheCheckout() {
        Ansible own = new Ansible(kubespray.resolve("venv/bin")).inProject(kubespray);

        PlaybookResult result = own.run(Playbook.of(kubespray.resolve("cluster.yml"), inventory),
                workspace.logFile("kubespray-cluster"), lines::add);

        assertThat(result.succeeded()).isTrue();
        assertThat(lines).anyMatch(l -> l.contains("roles and library found through kubespray's ansible.cfg"));
    }

    @Test
    void runFromTheWorkspaceAsBeforeKubespraysRoleIsNotFound() {
        Ansible fromWorkspace = new Ansible(kubespray.resolve("venv/bin"));

        assertThatThrownBy(() -> fromWorkspace.run(Playbook.of(kubespray.resolve("cluster.yml"), inventory),
                workspace.logFile("kubespray-cluster"), lines::add))
                .isInstanceOf(PlaybookFailedException.class);
        assertThat(lines).anyMatch(l -> l.contains("'kubespray-defaults' was not found"));
    }

    @Test
    void theKubernetesStageRunsClusterYmlFromTheCheckoutWithoutDownloadingItAgain() throws IOException {
        workspace.writeState(WorkspaceState.fresh("ks", "existing", "test"));
        Pipeline pipeline = Pipeline.builder(workspace)
                .skippedByUser(Set.of(StageName.PROVISION))
                .stage(new KubernetesStage(Installer.KUBESPRAY, new Ansible()))
                .build();

        // the nodes have no sshd, so the stage ends at fetch-admin-conf.yml: everything before it ran
        assertThatThrownBy(pipeline::setUp).isInstanceOf(StageFailedException.class)
                .hasMessageContaining("fetch-admin-conf.yml");

        String stageLog = Files.readString(workspace.logFile("kubernetes"));
        assertThat(stageLog).contains("runs cluster.yml in " + kubespray.toAbsolutePath())
                .contains("cluster.yml: ");
        assertThat(Files.readString(workspace.logFile("kubespray-cluster")))
                .contains("roles and library found through kubespray's ansible.cfg");
        // the checkout is there already: no request to GitHub
        assertThat(Files.readString(workspace.logFile("ansible-kubespray")))
                .containsPattern("TASK \\[Download kubespray [^\\n]*\\n+skipping: \\[localhost]");
    }
}
