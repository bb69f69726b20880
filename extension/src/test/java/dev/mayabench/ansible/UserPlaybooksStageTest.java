package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.report.AllureReporter;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.StageReport;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's playbooks as a stage, run by the real {@code ansible-playbook} against real OpenSSH servers on
 * loopback: the user's own {@code inventory.ini} names a bastion on 127.0.0.71 and a storage node on 127.0.0.72
 * behind it. The test playbooks write into the workspace on the node, which is this machine, so their effect
 * shows what ran, in which order and with which extra vars.
 */
class UserPlaybooksStageTest {

    private static final String USER = System.getProperty("user.name");
    private static final String EXAMPLE = "classpath:dev/mayabench/ansible/playbooks/examples/storage-node-tools.yml";

    @TempDir
    Path dir;
    private Workspace workspace;
    private OpenSshServer bastionServer;
    private OpenSshServer nodeServer;

    @BeforeAll
    static void prerequisites() {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd is not installed (apt-get install openssh-server)");
        assumeTrue(USER.equals("root"), "the playbooks are run against loopback sshd as root only (CI runs as root)");
    }

    @BeforeEach
    void start() throws IOException {
        workspace = Workspace.open(dir.resolve("mine"));
        workspace.writeState(WorkspaceState.fresh("mine", "aws", "test"));
        Path key = OpenSshServer.keygen(workspace.file("id_ed25519"), "mine");
        String publicKey = Files.readString(Path.of(key + ".pub"));
        bastionServer = OpenSshServer.start("127.0.0.71", dir).authorize(publicKey);
        nodeServer = OpenSshServer.start("127.0.0.72", dir).authorize(publicKey);
        Files.write(workspace.file("known_hosts"), List.of(bastionServer.knownHostsLine(),
                nodeServer.knownHostsLine()));
        Path sshConfig = SshClientConfig.write(workspace);
        Files.writeString(workspace.file(Inventory.FILE), """
                [server]
                master-1 ansible_host=127.0.0.71 ansible_port=%d ansible_user=root ansible_become=false

                [agent]
                storage-1 ansible_host=127.0.0.72 ansible_port=%d ansible_user=root ansible_become=false ansible_ssh_common_args='-F "%s" -o ProxyJump=root@127.0.0.71:%d'

                [k3s_cluster:children]
                server
                agent

                [mayabench_bastion]
                master-1

                [mayastor_storage]
                storage-1 nvme_device=/dev/nvme1n1

                [mayastor_clients]
                storage-1

                [all:vars]
                ansible_ssh_common_args='-F "%s"'
                """.formatted(bastionServer.port(), nodeServer.port(), sshConfig, bastionServer.port(), sshConfig));
    }

    @AfterEach
    void stop() {
        bastionServer.close();
        nodeServer.close();
    }

    /** A playbook that appends its mark and some of the extra vars it got to {@code <workspace>/order.txt}. */
    private Path marking(String name) throws IOException {
        return Files.writeString(dir.resolve(name + ".yml"), """
                - name: Mark %1$s
                  hosts: mayastor_storage
                  gather_facts: false
                  tasks:
                    - name: Append the mark of %1$s
                      ansible.builtin.lineinfile:
                        path: "{{ mayabench_workspace }}/order.txt"
                        line: "%1$s cluster={{ mayabench_cluster }} kubeconfig={{ mayabench_kubeconfig }} hugepages={{ mayabench_hugepages }} setup_name={{ setup_name }} inventory={{ mayabench_inventory }}"
                        create: true
                """.formatted(name));
    }

    private static ClusterSpec spec(String playbooks, String... more) {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("mayabench.provider", "aws",
                "mayabench.name", "mine", "mayabench.hugepages", "1536", "mayabench.playbooks", playbooks));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    private Pipeline pipeline(ClusterSpec spec, boolean checkOnly, Set<StageName> skipped) {
        Pipeline.Builder builder = Pipeline.builder(workspace).skippedByUser(skipped)
                .notNeeded(StageName.TUNNEL, "Ansible reaches the node through the bastion itself")
                .notNeeded(StageName.PREPARE_NODES, "not part of this test")
                .notNeeded(StageName.DEPLOY, "not part of this test");
        UserPlaybooksStage.contributeTo(builder, spec, Installer.K3S, new Ansible(), checkOnly);
        return builder.build();
    }

    private static Set<StageName> userSkips(StageName... more) {
        Set<StageName> skipped = EnumSet.of(StageName.PROVISION, StageName.KUBERNETES);
        skipped.addAll(List.of(more));
        return skipped;
    }

    @Test
    void theListedPlaybooksRunInTheirOrderWithTheInventoryTheKubeconfigAndTheSettingsAsExtraVars()
            throws IOException {
        Path zulu = marking("zulu");
        Path alpha = marking("alpha");

        List<StageReport> reports = pipeline(spec(zulu + ",classpath:config/playbooks/ok.yml," + alpha), false,
                userSkips()).setUp();

        assertThat(reports).filteredOn(r -> r.stage() == StageName.PLAYBOOKS).singleElement()
                .extracting(StageReport::outcome).isEqualTo(StageReport.Outcome.PASSED);
        String common = " cluster=mine kubeconfig=" + workspace.file("admin.conf").toAbsolutePath()
                + " hugepages=1536 setup_name=mine inventory=" + workspace.file("inventory.ini").toAbsolutePath();
        // listed zulu before alpha: the list's order, not the names'
        assertThat(Files.readAllLines(workspace.file("order.txt"))).containsExactly("zulu" + common,
                "alpha" + common);
        assertThat(workspace.logFile("playbook-1-zulu")).exists();
        assertThat(Files.readString(workspace.logFile("playbook-2-ok"))).contains("hello");
        // the classpath playbook was copied into the workspace to run; the files ran where they are
        assertThat(workspace.file("playbooks/2-ok.yml")).exists();
        assertThat(Files.readString(workspace.logFile("playbooks"))).contains(
                "3 playbook(s) in this order: " + zulu + ", classpath:config/playbooks/ok.yml, " + alpha,
                zulu + ": storage-1 ok=1 changed=1 failed=0", alpha + ": storage-1 ok=1 changed=1 failed=0");
    }

    @Test
    void mayabenchSkipLeavesThePlaybooksUnrun() throws IOException {
        Path zulu = marking("zulu");

        List<StageReport> reports = pipeline(spec(zulu.toString()), false, userSkips(StageName.PLAYBOOKS)).setUp();

        assertThat(reports).filteredOn(r -> r.stage() == StageName.PLAYBOOKS).singleElement()
                .satisfies(r -> assertThat(r.summary()).isEqualTo("playbooks: skipped (skipped by mayabench.skip)"));
        assertThat(workspace.file("order.txt")).doesNotExist();
    }

    @Test
    void aFailingPlaybookStopsTheStageNamingHostTaskAndReasonAndTheRestDoNotRun() throws IOException {
        Path first = marking("first");
        Path failing = Files.writeString(dir.resolve("lvm.yml"), """
                - name: LocalPV LVM
                  hosts: mayastor_storage
                  gather_facts: false
                  tasks:
                    - name: Check the volume group
                      ansible.builtin.fail:
                        msg: "no volume group lvmvg on {{ inventory_hostname }}"
                """);
        Path last = marking("last");

        assertThatThrownBy(() -> pipeline(spec(first + "," + failing + "," + last), false, userSkips()).setUp())
                .isInstanceOfSatisfying(StageFailedException.class, e -> {
                    assertThat(e.stage()).isEqualTo(StageName.PLAYBOOKS);
                    assertThat(e.getCause()).isInstanceOf(PlaybookFailedException.class);
                    assertThat(((PlaybookFailedException) e.getCause()).failures()).singleElement()
                            .satisfies(f -> {
                                assertThat(f.host()).isEqualTo("storage-1");
                                assertThat(f.task()).isEqualTo("Check the volume group");
                                assertThat(f.reason()).isEqualTo("no volume group lvmvg on storage-1");
                            });
                })
                .hasMessageContaining("ansible-playbook lvm.yml failed:\n  - storage-1, task 'Check the volume "
                        + "group': no volume group lvmvg on storage-1")
                .hasMessageContaining("full output: " + workspace.logFile("playbook-2-lvm"));
        assertThat(Files.readAllLines(workspace.file("order.txt"))).singleElement().asString().startsWith("first ");
    }

    @Test
    void eachPlaybookIsItsOwnReportStepWithItsRecap() throws Exception {
        Path zulu = marking("zulu");
        Path results = dir.resolve("allure-results");
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        String uuid = UUID.randomUUID().toString();
        try {
            lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("playbooks"));
            lifecycle.startTestCase(uuid);
            Pipeline.Builder builder = Pipeline.builder(workspace).skippedByUser(userSkips())
                    .observer((stage, body) -> AllureReporter.step(stage.id(), () -> {
                        body.run();
                        return null;
                    }));
            UserPlaybooksStage.contributeTo(builder, spec(zulu + ",classpath:config/playbooks/ok.yml"), Installer.K3S,
                    new Ansible(), false);
            builder.build().setUp();
        } finally {
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
            Allure.setLifecycle(previous);
        }

        JsonNode result = new ObjectMapper().readTree(results.resolve(uuid + "-result.json").toFile());
        JsonNode stage = null;
        for (JsonNode step : result.path("steps")) {
            if (step.path("name").asText().equals("playbooks")) {
                stage = step;
            }
        }
        assertThat(stage).as("a playbooks step").isNotNull();
        List<String> names = new ArrayList<>();
        List<String> recaps = new ArrayList<>();
        for (JsonNode step : stage.path("steps")) {
            names.add(step.path("name").asText());
            assertThat(step.path("status").asText()).isEqualTo("passed");
            JsonNode attachment = step.path("attachments").get(0);
            assertThat(attachment.path("name").asText()).isEqualTo("play recap");
            recaps.add(Files.readString(results.resolve(attachment.path("source").asText())));
        }
        assertThat(names).containsExactly("playbook " + zulu, "playbook classpath:config/playbooks/ok.yml");
        assertThat(recaps).containsExactly(
                "storage-1 ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0",
                "master-1 ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0\n"
                        + "storage-1 ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
    }

    @Test
    void theShippedExampleRunsInCheckModeThroughTheBastionAndChangesNothing() throws IOException {
        List<StageReport> reports = pipeline(spec(EXAMPLE), true, userSkips()).setUp();

        assertThat(reports).filteredOn(r -> r.stage() == StageName.PLAYBOOKS).singleElement()
                .extracting(StageReport::outcome).isEqualTo(StageReport.Outcome.PASSED);
        String output = Files.readString(workspace.logFile("playbook-1-storage-node-tools"));
        assertThat(output).contains("--check", "TASK [Tell whoever logs in which cluster and pool device this is]")
                .containsPattern("storage-1 +: ok=\\d+ +changed=\\d+ +unreachable=0 +failed=0");
        assertThat(Files.readString(workspace.logFile("playbooks")))
                .contains("check mode: nothing will change", "(check mode): storage-1 ok=");
        // check mode: the file the example would write is reported, and not written
        assertThat(Path.of("/etc/profile.d/mayabench.sh")).doesNotExist();
        assertThat(output).containsPattern("TASK \\[Tell whoever logs in which cluster and pool device this is] \\**\n"
                + "changed: \\[storage-1]");
    }

    @Test
    void playbooksAfterPrepareNodesRunBeforeDeploy() throws IOException {
        Path zulu = marking("zulu");

        Pipeline pipeline = pipeline(spec(zulu.toString(), "mayabench.playbooks.after", "prepare-nodes"), false,
                userSkips());

        assertThat(pipeline.setUpOrder()).containsExactly(StageName.PROVISION, StageName.TUNNEL,
                StageName.KUBERNETES, StageName.PREPARE_NODES, StageName.PLAYBOOKS, StageName.DEPLOY);
    }

    @Test
    void withoutPlaybooksTheStageIsNotNeededAndSaysWhy() {
        ClusterSpec none = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.provider", "aws"), Map.of()));
        Pipeline.Builder fresh = Pipeline.builder(workspace);
        UserPlaybooksStage.contributeTo(fresh, none, Installer.K3S, new Ansible(), false);
        assertThat(fresh.build().setUp()).filteredOn(r -> r.stage() == StageName.PLAYBOOKS).singleElement()
                .satisfies(r -> assertThat(r.summary())
                        .isEqualTo("playbooks: skipped (no playbooks listed (mayabench.playbooks))"));
    }
}
