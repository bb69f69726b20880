package dev.mayabench.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayabench.fixtures.ssh.OpenSshServer;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel against real OpenSSH servers on loopback: a bastion on 127.0.0.11 and a node on 127.0.0.12 that
 * the tunnel reaches only through the bastion (the node has no public address).
 */
class SshTunnelTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;
    private OpenSshServer bastionServer;
    private OpenSshServer nodeServer;
    private Path key;
    private ClusterNode bastion;
    private ClusterNode node;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void sshdInstalled() {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd is not installed (apt-get install openssh-server)");
    }

    @BeforeEach
    void startServers() throws IOException {
        key = OpenSshServer.keygen(dir.resolve("id_ed25519"), "mayabench-test");
        String publicKey = Files.readString(Path.of(key + ".pub"));
        bastionServer = OpenSshServer.start("127.0.0.11", dir).authorize(publicKey);
        nodeServer = OpenSshServer.start("127.0.0.12", dir).authorize(publicKey);
        pin(bastionServer.knownHostsLine(), nodeServer.knownHostsLine());
        bastion = new ClusterNode("master-1", Set.of(NodeRole.MASTER, NodeRole.BASTION), "127.0.0.11",
                Optional.of("127.0.0.11"), bastionServer.port(), USER, Optional.empty());
        node = new ClusterNode("storage-1", Set.of(NodeRole.STORAGE), "127.0.0.12", Optional.empty(),
                nodeServer.port(), USER, Optional.of("/dev/nvme1n1"));
    }

    @AfterEach
    void stopServers() {
        bastionServer.close();
        nodeServer.close();
    }

    private void pin(String... lines) throws IOException {
        Files.write(dir.resolve("known_hosts"), List.of(lines));
    }

    private SshAccess access() {
        return new SshAccess(key, dir.resolve("known_hosts"));
    }

    private static String exec(SSHClient client, String command) throws IOException {
        try (Session session = client.startSession(); Session.Command cmd = session.exec(command)) {
            String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cmd.join(10, TimeUnit.SECONDS);
            return out.trim();
        }
    }

    @Test
    void aNodeWithoutAPublicAddressIsReachedThroughTheBastion() throws IOException {
        try (SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add);
             SSHClient client = tunnel.connect(node)) {

            // SSH_CONNECTION is "client-ip client-port server-ip server-port" as the node's sshd saw it
            String seen = exec(client, "echo $SSH_CONNECTION");

            assertThat(seen).endsWith("127.0.0.12 " + nodeServer.port());
        }
        assertThat(Files.readString(bastionServer.log())).contains("Accepted publickey for " + USER);
        assertThat(log).anyMatch(l -> l.contains("connected to bastion master-1"));
    }

    @Test
    void nodesReachedThroughTheBastionOneAfterAnotherAreAllReachedThoughClosingTheFirstEndsTheBastionTransport()
            throws IOException {
        // as TunnelStage probes the nodes: a session through the bastion, closed, then the next one. Closing a
        // session over a direct-tcpip channel can end sshj's bastion transport ("Getting data on EOF'ed stream"
        // when the node's last bytes arrive on the closed channel), and the next channel must not fail on it
        try (SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
            for (int probe = 1; probe <= 3; probe++) {
                // logged in and closed at once, as TunnelStage does: the node's sshd is still sending then
                tunnel.connect(node).close();
            }
            try (SSHClient client = tunnel.connect(node)) {
                assertThat(exec(client, "echo $SSH_CONNECTION")).endsWith("127.0.0.12 " + nodeServer.port());
            }
        }
    }

    @Test
    void aLocalForwardCarriesTrafficToAPortBehindTheBastion() throws Exception {
        try (EchoServer api = EchoServer.start("127.0.0.12");
             SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
            int local = tunnel.forward("127.0.0.12", api.port());

            assertThat(roundTrip(local, "GET /version")).isEqualTo("GET /version");
            assertThat(roundTrip(local, "second connection")).isEqualTo("second connection");
        }
    }

    @Test
    void aNodeOfferingAnotherKeyThanThePinnedOneIsRefusedNamingBothFingerprints() throws Exception {
        try (OpenSshServer impostor = OpenSshServer.start("127.0.0.13", dir)) {
            // known_hosts pins the impostor's key for the node's address: the node's real key must be refused
            String wrong = "[127.0.0.12]:" + nodeServer.port() + " " + impostor.hostKeyLine();
            pin(bastionServer.knownHostsLine(), wrong);

            try (SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
                assertThatThrownBy(() -> tunnel.connect(node).close())
                        .isInstanceOfSatisfying(HostKeyRefusedException.class, e -> {
                            assertThat(e.host()).isEqualTo("[127.0.0.12]:" + nodeServer.port());
                            assertThat(e.expected()).containsExactly(sshKeygenFingerprint(
                                    dir.resolve("sshd-127.0.0.13/ssh_host_ed25519_key.pub")));
                            assertThat(e.offered()).isEqualTo(sshKeygenFingerprint(
                                    dir.resolve("sshd-127.0.0.12/ssh_host_ed25519_key.pub")));
                        })
                        .hasMessageContaining("replaced or the connection is intercepted");
            }
        }
        assertThat(Files.readString(nodeServer.log())).doesNotContain("Accepted publickey");
    }

    @Test
    void aBastionWhoseKeyIsNotPinnedAtAllIsRefusedNotTrustedOnFirstUse() throws IOException {
        pin(nodeServer.knownHostsLine());

        assertThatThrownBy(() -> SshTunnel.open(bastion, access(), log::add))
                .isInstanceOfSatisfying(HostKeyRefusedException.class,
                        e -> assertThat(e.expected()).isEmpty())
                .hasMessageContaining("[127.0.0.11]:" + bastionServer.port())
                .hasMessageContaining("pins no key for it")
                .hasMessageContaining("does not trust a host key on first use");
        assertThat(Files.readString(bastionServer.log())).doesNotContain("Accepted publickey");
    }

    @Test
    void aDroppedBastionConnectionIsReEstablishedOnceAndTheForwardKeepsItsPort() throws Exception {
        try (EchoServer api = EchoServer.start("127.0.0.12");
             SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
            int local = tunnel.forward("127.0.0.12", api.port());
            assertThat(roundTrip(local, "before")).isEqualTo("before");

            bastionServer.dropConnections();

            assertThat(roundTrip(local, "after")).isEqualTo("after");
            assertThat(tunnel.reconnects()).isEqualTo(1);
            try (SSHClient client = tunnel.connect(node)) {
                assertThat(exec(client, "echo still here")).isEqualTo("still here");
            }
        }
        assertThat(log).anyMatch(l -> l.contains("dropped; reconnecting once"))
                .anyMatch(l -> l.contains("reconnected to bastion master-1"));
    }

    @Test
    void aForwardAcceptedWhileTheBastionTransportIsStillDyingIsCarriedOnARebuiltConnection() throws Exception {
        try (EchoServer api = EchoServer.start("127.0.0.12");
             SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
            int local = tunnel.forward("127.0.0.12", api.port());
            assertThat(roundTrip(local, "before")).isEqualTo("before");

            // what sshj's reader does when it ends a transport ("Getting data on EOF'ed stream"): the socket is
            // closed under a client that still says it is connected until the reader thread has finished
            rawSocketOf(tunnel).close();

            assertThat(roundTrip(local, "right after")).isEqualTo("right after");
            assertThat(tunnel.reconnects()).isEqualTo(1);
        }
    }

    private static java.net.Socket rawSocketOf(SshTunnel tunnel) throws ReflectiveOperationException {
        var connection = SshTunnel.class.getDeclaredField("connection");
        connection.setAccessible(true);
        var socket = net.schmizz.sshj.SocketClient.class.getDeclaredField("socket");
        socket.setAccessible(true);
        synchronized (tunnel) {
            return (java.net.Socket) socket.get(connection.get(tunnel));
        }
    }

    @Test
    void aBastionThatStaysDownAfterADropIsReportedAfterOneReconnect() throws Exception {
        try (SshTunnel tunnel = SshTunnel.open(bastion, access(), log::add)) {
            bastionServer.stop();
            awaitDisconnected(tunnel);

            assertThatThrownBy(() -> tunnel.connect(node))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("dropped and one reconnect failed")
                    .hasMessageContaining("127.0.0.11:" + bastionServer.port());
        }
    }

    private static void awaitDisconnected(SshTunnel tunnel) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            synchronized (tunnel) {
                try {
                    var field = SshTunnel.class.getDeclaredField("connection");
                    field.setAccessible(true);
                    if (!((SSHClient) field.get(tunnel)).isConnected()) {
                        return;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the tunnel did not notice the bastion going away within 20 s");
    }

    /** OpenSSH's own fingerprint of a key, to check ours against. */
    private static String sshKeygenFingerprint(Path publicKey) {
        try {
            Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.split("\\s+")[1];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String roundTrip(int port, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                reply.append((char) c);
            }
            return reply.toString();
        }
    }

    /** A line echo server standing in for the Kubernetes API behind the bastion. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;

        private EchoServer(ServerSocket server) {
            this.server = server;
        }

        static EchoServer start(String address) throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(address, 0));
            EchoServer echo = new EchoServer(server);
            Thread t = new Thread(echo::serve, "echo-" + address);
            t.setDaemon(true);
            t.start();
            return echo;
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread t = new Thread(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
