package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.ssh.TunnelStage;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageFailedException;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.StageReport;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.cli.Mayabench;
import dev.mayabench.report.AllureReporter;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.TestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node stages in a pipeline whose provision stage the user skipped: their own {@code inventory.ini} names
 * a bastion on 127.0.0.41 and a storage node on 127.0.0.42 behind it (real sshd processes); they also bring
 * {@code admin.conf}, so the kubernetes stage is skipped too. Node preparation runs in check mode.
 */
class NodeStagesTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;
    private Workspace workspace;
    private OpenSshServer bastionServer;
    private OpenSshServer nodeServer;
    private ServerSocket api;

    @BeforeAll
    static void prerequisites() {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd is not installed (apt-get install openssh-server)");
        assumeTrue(USER.equals("root"), "node preparation is run against loopback sshd as root only");
    }

    @BeforeEach
    void start() throws IOException {
        workspace = Workspace.open(dir.resolve("mine"));
        workspace.writeState(WorkspaceState.fresh("mine", "existing", "test"));
        Path key = OpenSshServer.keygen(workspace.file("id_ed25519"), "mine");
        String publicKey = Files.readString(Path.of(key + ".pub"));
        bastionServer = OpenSshServer.start("127.0.0.41", dir).authorize(publicKey);
        nodeServer = OpenSshServer.start("127.0.0.42", dir).authorize(publicKey);
        Files.write(workspace.file("known_hosts"), List.of(bastionServer.knownHostsLine(),
                nodeServer.knownHostsLine()));
        Path sshConfig = SshClientConfig.write(workspace);
        // a stand-in for the API server on the control-plane node, to prove the forward
        api = new ServerSocket();
        api.bind(new InetSocketAddress("127.0.0.41", 0));
        Files.writeString(workspace.file(Inventory.FILE), """
                [server]
                master-1 ansible_host=127.0.0.41 ansible_port=%d ansible_user=root ansible_become=false

                [agent]
                storage-1 ansible_host=127.0.0.42 ansible_port=%d ansible_user=root ansible_become=false ansible_ssh_common_args='-F "%s" -o ProxyJump=root@127.0.0.41:%d'

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
        Files.writeString(workspace.file(KubernetesStage.ADMIN_CONF), "apiVersion: v1\nkind: Config\n");
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        bastionServer.close();
        nodeServer.close();
    }

    private Pipeline pipeline(NodeStages stages) {
        Pipeline.Builder builder = Pipeline.builder(workspace)
                .skippedByUser(Set.of(StageName.PROVISION, StageName.KUBERNETES));
        stages.contributeTo(builder);
        return builder.build();
    }

    @Test
    void aUsersInventoryIsReadTunnelledThroughAndPreparedInCheckModeWithNodeFactsRecorded() throws Exception {
        try (NodeStages stages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            List<StageReport> reports = pipeline(stages).setUp();

            assertThat(reports).filteredOn(r -> r.outcome() == StageReport.Outcome.PASSED)
                    .extracting(StageReport::stage).containsExactly(StageName.TUNNEL, StageName.PREPARE_NODES);
            WorkspaceState state = workspace.state().orElseThrow();
            assertThat(state.nodes()).extracting(n -> n.name() + " " + n.roles()).containsExactly(
                    "master-1 [bastion, master]", "storage-1 [worker, storage]");
            assertThat(stages.tunnel()).isPresent();
            assertThat(state.attributes().get(TunnelStage.API_SERVER_ATTRIBUTE)).startsWith("https://127.0.0.1:");

            String prepareLog = Files.readString(workspace.logFile("prepare-nodes"));
            assertThat(prepareLog).contains("check mode: nothing will change", "node facts:", "storage-1")
                    // there is no NVMe device on this machine: the report says so before Mayastor would fail on it
                    .contains("warning: storage-1 has no /dev/nvme1n1; its Mayastor pool cannot be created on it");
            assertThat(workspace.file("facts/storage-1.json")).exists();
            assertThat(Files.readString(workspace.logFile("tunnel")))
                    .contains("reached storage-1 as root through master-1");
        }
    }

    @Test
    void theNodeFactsAreAttachedToTheReportInThePrepareNodesStep() throws Exception {
        Path results = dir.resolve("allure-results");
        AllureLifecycle previous = Allure.getLifecycle();
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        String uuid = UUID.randomUUID().toString();
        try (NodeStages stages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName("prepare"));
            lifecycle.startTestCase(uuid);
            Pipeline.Builder builder = Pipeline.builder(workspace)
                    .skippedByUser(Set.of(StageName.PROVISION, StageName.KUBERNETES))
                    .observer((stage, body) -> AllureReporter.step(stage.id(), () -> {
                        body.run();
                        return null;
                    }));
            stages.contributeTo(builder);
            builder.build().setUp();
        } finally {
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
            Allure.setLifecycle(previous);
        }

        JsonNode result = new ObjectMapper().readTree(results.resolve(uuid + "-result.json").toFile());
        JsonNode prepare = null;
        for (JsonNode step : result.path("steps")) {
            if (step.path("name").asText().equals("prepare-nodes")) {
                prepare = step;
            }
        }
        assertThat(prepare).as("a prepare-nodes step").isNotNull();
        Map<String, String> attachments = new HashMap<>();
        prepare.path("attachments").forEach(a -> attachments.put(a.path("name").asText(), a.path("source").asText()));
        assertThat(attachments).containsKeys("node facts", "node facts storage-1");
        assertThat(Files.readString(results.resolve(attachments.get("node facts"))))
                .contains("storage-1", "kernel", "hugepages");
        assertThat(new ObjectMapper().readTree(results.resolve(attachments.get("node facts storage-1")).toFile())
                .path("host").asText()).isEqualTo("storage-1");
    }

    @Test
    void theTunnelForwardsTheApiPortOfTheControlPlaneNode() throws Exception {
        Thread echo = new Thread(() -> {
            try (Socket socket = api.accept()) {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (IOException ignored) {
                // the test ended
            }
        });
        echo.setDaemon(true);
        echo.start();
        Files.writeString(workspace.file(KubernetesStage.ADMIN_CONF), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: default
                  cluster:
                    server: https://10.42.0.10:6443
                    certificate-authority-data: Q0EtREFUQQ==
                users:
                - name: default
                  user:
                    client-key-data: S0VZLURBVEE=
                """);
        TunnelStage tunnel = new TunnelStage(api.getLocalPort(),
                context -> ClusterInventory.nodes(context.workspace(), Installer.K3S, new Ansible(), context::log));
        try (tunnel) {
            Pipeline.builder(workspace).skippedByUser(Set.of(StageName.PROVISION)).stage(tunnel).build().setUp();

            URI url = URI.create(workspace.state().orElseThrow().attributes().get(TunnelStage.API_SERVER_ATTRIBUTE));
            try (Socket client = new Socket(url.getHost(), url.getPort())) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("GET /version\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = client.getInputStream();
                assertThat(new String(in.readNBytes(13), StandardCharsets.UTF_8)).isEqualTo("GET /version\n");
            }
            // the kept kubeconfig now points at this run's forward, still readable by its owner only
            String adminConf = Files.readString(workspace.file(KubernetesStage.ADMIN_CONF));
            assertThat(adminConf).contains("server: \"" + url + "\"").doesNotContain("10.42.0.10")
                    .contains("client-key-data: \"S0VZLURBVEE=\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    workspace.file(KubernetesStage.ADMIN_CONF)))).isEqualTo("rw-------");
        }
    }

    @Test
    void mayabenchPrepareCheckRunsTheStagesOnTheWorkspaceAndFailsWithAMessageNotAStackTrace() throws IOException {
        Files.delete(workspace.file("state.json"));
        Files.delete(workspace.file(KubernetesStage.ADMIN_CONF));

        int status = Mayabench.run("prepare", "--check", "--workspace", workspace.directory().toString());

        assertThat(status).isZero();
        assertThat(workspace.state().orElseThrow().provider()).isEqualTo("existing");
        assertThat(workspace.file("facts/storage-1.json")).exists();
        assertThat(Files.readString(workspace.logFile("prepare-nodes"))).contains("check mode");

        Files.writeString(workspace.file(Inventory.FILE), "[server]\nmaster-1 ansible_host=127.0.0.41\n");
        Files.delete(workspace.file("state.json"));
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Mayabench.run("prepare", "--check", "--workspace", workspace.directory().toString()))
                    .isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        // slf4j-simple logs to the same stream in tests, so look for the command's own line among the log lines
        assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^mayabench prepare: ")
                .contains("no group 'agent'", "no group 'mayastor_storage'").doesNotContain("\tat ");
    }

    @Test
    void aUsersInventoryMissingAGroupFailsTheFirstStageWithEveryProblemBeforeAnythingRuns() throws IOException {
        Files.writeString(workspace.file(Inventory.FILE), """
                [server]
                master-1 ansible_host=127.0.0.41

                [agent]
                storage-1 ansible_host=127.0.0.42
                """);

        try (NodeStages stages = new NodeStages(Installer.K3S, 1024, new Ansible(), true)) {
            assertThatThrownBy(() -> pipeline(stages).setUp())
                    .isInstanceOf(StageFailedException.class)
                    .hasMessageContaining("tunnel")
                    .hasMessageContaining("no group 'mayastor_storage'")
                    .hasMessageContaining("no group 'mayastor_clients'");
        }
        assertThat(workspace.state().orElseThrow().nodes()).isEmpty();
        assertThat(Files.readString(bastionServer.log())).doesNotContain("Accepted publickey");
    }
}
