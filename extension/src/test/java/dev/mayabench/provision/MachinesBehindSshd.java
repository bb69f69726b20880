package dev.mayabench.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.fixtures.ec2.NvmeLayout;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.ssh.TunnelStage;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a cloud provider's test needs to run the production node stages against real loopback sshds standing in for
 * its machines (aws: {@code AwsTunnelThroughSshdTest}, azure: {@code AzureTunnelThroughSshdTest}): the two changes to
 * the provider's output a test must make (the sshd's port and the login user), a fake sysfs of each storage node's
 * NVMe disks for node-facts.yml, a relay standing for kube-apiserver's port, and the checks that the tunnel, the
 * forward and prepare-nodes really reached every machine.
 *
 * <pre>{@code
 * MachinesBehindSshd.loginUserOfThisMachine(ws, Map.of("127.0.42.10", 40022), System.getProperty("user.name"));
 * MachinesBehindSshd.poolDisksInSysfs(ws, dir.resolve("sysfs"), node -> disksOf(node));
 * }</pre>
 */
public final class MachinesBehindSshd {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The control-plane machine's Kubernetes API port, where the tunnel forwards to. */
    public static final int API_PORT = 6443;

    private MachinesBehindSshd() {
    }

    /**
     * The two changes to a provider's output: its nodes log in on port 22 (only root may bind it) as the image's user
     * ({@code ubuntu}, {@code mayabench}), which this machine lacks (a test must not add accounts). Here each node
     * gets its sshd's port ({@code portsByAddress}, keyed by the node's private address) and the user running the
     * test; the provider's pinned {@code known_hosts} lines are indexed as ssh and sshj look up another port
     * ({@code [address]:port}), with the same keys; the inventory is written again exactly as the provider writes it.
     */
    public static void loginUserOfThisMachine(Workspace ws, Map<String, Integer> portsByAddress, String user)
            throws IOException {
        List<ClusterNode> nodes = ws.state().orElseThrow().nodes().stream()
                .map(n -> new ClusterNode(n.name(), n.roles(), n.privateAddress(), n.publicAddress(),
                        portsByAddress.get(n.privateAddress()), user, n.nvmeDevice())).toList();
        Path knownHosts = ws.file("known_hosts");
        List<String> pinned = new ArrayList<>();
        for (String line : Files.readAllLines(knownHosts)) {
            String[] hostsAndKey = line.split(" ", 2);
            List<String> hosts = new ArrayList<>();
            for (String host : hostsAndKey[0].split(",")) {
                hosts.add(portsByAddress.containsKey(host) ? "[" + host + "]:" + portsByAddress.get(host) : host);
            }
            pinned.add(String.join(",", hosts) + " " + hostsAndKey[1]);
        }
        Files.write(knownHosts, pinned);
        ws.updateState(s -> s.withNodes(nodes));
        Inventory.of(nodes, Installer.K3S).write(ws);
    }

    /**
     * Points node-facts.yml at a fake sysfs of each storage node's NVMe disks ({@code host_vars/<node>.yml:
     * mayabench_sysfs_block}), as the machine's kernel would list them.
     */
    public static void poolDisksInSysfs(Workspace ws, Path sysfs, Function<String, List<NvmeLayout.Disk>> disksOf)
            throws IOException {
        Path hostVars = Files.createDirectories(ws.file("host_vars"));
        for (ClusterNode node : ws.state().orElseThrow().nodes(NodeRole.STORAGE)) {
            Path sysBlock = sysfs.resolve(node.name() + "/block");
            NvmeLayout.writeSysfs(disksOf.apply(node.name()), sysBlock);
            Files.writeString(hostVars.resolve(node.name() + ".yml"), "mayabench_sysfs_block: \"" + sysBlock + "\"\n");
        }
    }

    /**
     * After the tunnel and prepare-nodes ran: the tunnel reached the bastion and every other node as {@code user}
     * with a real login on every sshd, {@code admin.conf} points at the forward of the API port, the forward lists the
     * simulator's nodes, prepare-nodes ran in check mode, and each storage node's facts found its local NVMe disk
     * ({@code localDisks}: node to the disk its machine has) by model.
     */
    public static void assertNodeStagesReachedEveryNode(Workspace ws, Collection<OpenSshServer> sshds, String user,
                                                        MayastorSimulator cluster, ApiRelay relay,
                                                        Map<String, NvmeLayout.Disk> localDisks) throws Exception {
        String tunnelLog = Files.readString(ws.logFile("tunnel"));
        ClusterNode bastion = ws.state().orElseThrow().nodes(NodeRole.BASTION).get(0);
        assertThat(tunnelLog).contains("tunnel: connected to bastion " + bastion.name())
                .contains("admin.conf now points at https://127.0.0.1:");
        for (ClusterNode node : ws.state().orElseThrow().nodes()) {
            if (!node.equals(bastion)) {
                assertThat(tunnelLog).contains("reached " + node.name() + " as " + user);
            }
        }
        for (OpenSshServer sshd : sshds) {
            assertThat(Files.readString(sshd.log())).as("a real login on " + sshd)
                    .contains("Accepted publickey for " + user);
        }
        String server = YAML.readTree(ws.file("admin.conf").toFile()).path("clusters").get(0).path("cluster")
                .path("server").asText();
        assertThat(server).matches("https://127\\.0\\.0\\.1:\\d+");
        assertThat(ws.state().orElseThrow().attributes()).containsEntry(TunnelStage.API_SERVER_ATTRIBUTE, server);
        // the simulator speaks plain HTTP where a real API server speaks TLS: the forward is asked over HTTP
        HttpResponse<String> nodeList = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + URI.create(server).getPort() + "/api/v1/nodes"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nodeList.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(nodeList.body()).path("items")
                .forEach(item -> names.add(item.path("metadata").path("name").asText()));
        assertThat(names).as("the nodes the API server behind the forward lists: the simulator's")
                .isNotEmpty().containsExactlyInAnyOrderElementsOf(cluster.client().nodes().list().getItems()
                        .stream().map(n -> n.getMetadata().getName()).toList());
        assertThat(relay.connections()).as("connections the forward carried to the API port").isPositive();

        String prepareLog = Files.readString(ws.logFile("prepare-nodes"));
        assertThat(prepareLog).contains("check mode: nothing will change", "node facts:")
                .doesNotContain("its Mayastor pool cannot be created");
        assertThat(localDisks).isNotEmpty();
        localDisks.forEach((storage, disk) -> {
            NodeFacts facts = NodeFacts.read(ws.file("facts"), storage).orElseThrow();
            assertThat(facts.instanceStore()).as("the local NVMe disk of " + storage + ", found by model")
                    .get().extracting(NodeFacts.NvmeDevice::name, NodeFacts.NvmeDevice::serial)
                    .containsExactly(disk.name(), disk.serial());
            assertThat(facts.hasPoolDevice()).isTrue();
        });
    }

    /** A TCP relay from one loopback address and port to another, one thread pair per connection. */
    public static final class ApiRelay implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        private ApiRelay(ServerSocket server) {
            this.server = server;
        }

        /** kube-apiserver's port on a control-plane machine's address, relayed to the simulator's API server. */
        public static ApiRelay toSimulator(String address, MayastorSimulator cluster) {
            URI api = URI.create(cluster.url());
            return start(address, API_PORT, api.getHost(), api.getPort());
        }

        public static ApiRelay start(String address, int port, String targetHost, int targetPort) {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(address, port));
                ApiRelay relay = new ApiRelay(server);
                Thread accept = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            Socket in = server.accept();
                            Socket out = new Socket(targetHost, targetPort);
                            relay.connections.incrementAndGet();
                            pipe(in, out);
                            pipe(out, in);
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "api-relay");
                accept.setDaemon(true);
                accept.start();
                return relay;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
            }
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // the other side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "api-relay-pipe");
            t.setDaemon(true);
            t.start();
        }

        public int connections() {
            return connections.get();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
