package dev.mayabench.ssh;

import dev.mayabench.stage.ClusterNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.apiguardian.api.API;

/**
 * The JVM's way into a cluster whose nodes sit behind a bastion, replacing the playground's sshuttle: one SSH
 * connection to the bastion, with the cluster's key and pinned host keys, that carries connections to the other
 * nodes ({@link #connect(ClusterNode)}, SSH inside a {@code direct-tcpip} channel, as {@code ProxyJump} does) and
 * local port forwards ({@link #forward(String, int)}, the Kubernetes API port for {@code admin.conf}). Every
 * machine's host key is checked against {@code known_hosts}, the bastion's and each node's; a mismatch is a
 * {@link HostKeyRefusedException}.
 *
 * <p>When the bastion connection drops (a network blip, an idle timeout somewhere), the next use reconnects
 * once; forwards keep their local port, so a kubeconfig pointing at it stays valid. If that one reconnect fails
 * the tunnel reports why instead of trying forever.
 *
 * <pre>{@code
 * try (SshTunnel tunnel = SshTunnel.open(bastion, SshAccess.of(workspace), log::info)) {
 *     int api = tunnel.forward(master.privateAddress(), 6443);   // https://127.0.0.1:<api>
 *     try (SSHClient node = tunnel.connect(storageNode)) { ... }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class SshTunnel implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 15_000;
    static final int KEEP_ALIVE_SECONDS = 5;
    static final int CHANNEL_ATTEMPTS = 3;
    static final long CHANNEL_RETRY_PAUSE_MILLIS = 300;

    private final ClusterNode bastion;
    private final SshAccess access;
    private final Consumer<String> log;
    private final List<ServerSocket> forwards = new ArrayList<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private SSHClient connection;
    private volatile boolean closed;

    private SshTunnel(ClusterNode bastion, SshAccess access, Consumer<String> log) {
        this.bastion = Objects.requireNonNull(bastion, "bastion");
        this.access = Objects.requireNonNull(access, "access");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Connects to the bastion (at its reachable address) and logs in. */
    public static SshTunnel open(ClusterNode bastion, SshAccess access, Consumer<String> log) {
        for (var file : List.of(access.privateKey(), access.knownHosts())) {
            if (!Files.isReadable(file)) {
                throw new SshException("cannot open the SSH tunnel: " + file + " is missing; the provision stage "
                        + "writes it, or put it there yourself when you bring your own machines", null);
            }
        }
        SshTunnel tunnel = new SshTunnel(bastion, access, log);
        synchronized (tunnel) {
            tunnel.connection = tunnel.login(bastion.reachableAddress(), bastion.sshPort(), bastion, null);
        }
        log.accept("tunnel: connected to bastion " + bastion.name() + " at " + bastion.reachableAddress() + ":"
                + bastion.sshPort());
        return tunnel;
    }

    /** How often the bastion connection was rebuilt after it dropped. */
    public int reconnects() {
        return reconnects.get();
    }

    /** The bastion connection, rebuilt once if it dropped. */
    synchronized Connection liveConnection() {
        if (closed) {
            throw new SshException("the SSH tunnel through " + bastion.name() + " is closed", null);
        }
        if (connection.isConnected() && connection.isAuthenticated()) {
            return connection.getConnection();
        }
        log.accept("tunnel: the connection to bastion " + bastion.name() + " dropped; reconnecting once");
        closeQuietly(connection);
        try {
            connection = login(bastion.reachableAddress(), bastion.sshPort(), bastion, null);
        } catch (SshException e) {
            throw new SshException("the SSH tunnel through bastion " + bastion.name() + " dropped and one "
                    + "reconnect failed: " + e.getMessage(), e);
        }
        reconnects.incrementAndGet();
        log.accept("tunnel: reconnected to bastion " + bastion.name());
        return connection.getConnection();
    }

    /**
     * An SSH session on a node, logged in with the cluster's key: through the bastion when the node has no
     * address of its own the executor can reach, directly otherwise. The caller closes it.
     */
    public SSHClient connect(ClusterNode node) {
        if (node.publicAddress().isPresent() || node.equals(bastion)) {
            return login(node.reachableAddress(), node.sshPort(), node, null);
        }
        DirectConnection channel;
        try {
            channel = newDirectConnection(node.privateAddress(), node.sshPort());
        } catch (IOException e) {
            throw new SshException("cannot reach " + node.name() + " (" + node.privateAddress() + ":"
                    + node.sshPort() + ") through bastion " + bastion.name() + ": " + e.getMessage()
                    + "; is the node running, and does its security group admit SSH from the bastion?", e);
        }
        return login(node.privateAddress(), node.sshPort(), node, channel);
    }

    /**
     * Logs in to {@code node} and logs out again: the proof that it is reachable with its pinned host key. A node
     * behind the bastion is reached over a bastion connection of the probe's own, closed with it, never over the
     * one the forwards use: sshj's reader ends a whole transport when a session closed through it still gets data
     * ("Getting data on EOF'ed stream"), which the node's sshd can send while the probe's session closes, and that
     * took the Kubernetes API forward down with it (NodeStagesTest#theTunnelForwardsTheApiPortOfTheControlPlaneNode
     * timed out reading through it, now and then, in full runs of the suite).
     */
    public void probe(ClusterNode node) {
        if (node.publicAddress().isPresent() || node.equals(bastion)) {
            closeQuietly(login(node.reachableAddress(), node.sshPort(), node, null));
            return;
        }
        SSHClient own = login(bastion.reachableAddress(), bastion.sshPort(), bastion, null);
        try {
            DirectConnection channel;
            try {
                channel = own.newDirectConnection(node.privateAddress(), node.sshPort());
            } catch (IOException e) {
                throw new SshException("cannot reach " + node.name() + " (" + node.privateAddress() + ":"
                        + node.sshPort() + ") through bastion " + bastion.name() + ": " + e.getMessage()
                        + "; is the node running, and does its security group admit SSH from the bastion?", e);
            }
            closeQuietly(login(node.privateAddress(), node.sshPort(), node, channel));
        } finally {
            closeQuietly(own);
        }
    }

    private DirectConnection newDirectConnection(String host, int port) throws IOException {
        // a session through the bastion that closed just before can have killed its transport (see onLiveConnection)
        return onLiveConnection(connection -> {
            DirectConnection channel = new DirectConnection(connection, host, port);
            channel.open();
            return channel;
        });
    }

    /**
     * Forwards a local port on 127.0.0.1 to {@code host:port} as the bastion sees it, and returns the local port.
     * Connections are accepted on a thread of their own until {@link #close()}; the port stays the same when the
     * bastion connection is rebuilt.
     */
    public int forward(String host, int port) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new SshException("cannot listen on a local port for the forward to " + host + ":" + port, e);
        }
        synchronized (this) {
            forwards.add(server);
        }
        int local = server.getLocalPort();
        Parameters parameters = new Parameters("127.0.0.1", local, host, port);
        Thread acceptor = new Thread(() -> serve(server, parameters), "mayabench-forward-" + local + "-" + host
                + "-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        log.accept("tunnel: 127.0.0.1:" + local + " -> " + host + ":" + port + " through " + bastion.name());
        return local;
    }

    /**
     * Accepts forwarded connections until the tunnel closes. This is sshj's {@code LocalPortForwarder.listen()}
     * loop, written out because that one keeps the connection it was made with: here each channel is opened on
     * the live connection, so a forward survives the bastion connection being rebuilt.
     */
    private void serve(ServerSocket server, Parameters parameters) {
        String route = "127.0.0.1:" + parameters.getLocalPort() + " -> " + parameters.getRemoteHost() + ":"
                + parameters.getRemotePort();
        while (!closed && !server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed && !server.isClosed()) {
                    log.accept("tunnel: forward " + route + " stopped accepting: " + e.getMessage());
                }
                return;
            }
            try {
                openChannel(socket, parameters);
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                log.accept("tunnel: forward " + route + " could not open a channel: " + e.getMessage());
            }
        }
    }

    /**
     * Opens the channel of one accepted connection, on a rebuilt bastion connection if the live one dies meanwhile.
     * A transport can be dying while it still looks connected: sshj's reader thread ends it when a closed session
     * through the bastion still gets data ("Getting data on EOF'ed stream", seen when TunnelStage's probe sessions
     * close), and until it has finished, isConnected() is true and the open fails with "Socket closed". So a failed
     * open is tried again after a pause, up to {@value #CHANNEL_ATTEMPTS} times; nothing of the accepted socket has
     * been read before a channel is open, so a later attempt forwards all of it.
     */
    private void openChannel(Socket socket, Parameters parameters) throws IOException {
        onLiveConnection(connection -> {
            ForwardedConnection.start(connection, socket, parameters);
            return null;
        });
    }

    /**
     * Opens a channel on the live bastion connection, tried again on a rebuilt one as {@link #openChannel} says: a
     * session to a node that closed through it can end the transport while it still looks connected, so the next
     * channel would fail ("Getting data on EOF'ed stream"). {@link #probe} avoids this for TunnelStage's probes by
     * using a bastion connection of its own; {@link #connect} callers get this retry.
     */
    private <T> T onLiveConnection(ChannelOpen<T> open) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return open.on(liveConnection());
            } catch (IOException e) {
                if (attempt >= CHANNEL_ATTEMPTS || closed) {
                    throw e;
                }
                try {
                    Thread.sleep(CHANNEL_RETRY_PAUSE_MILLIS * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @FunctionalInterface
    private interface ChannelOpen<T> {
        T on(Connection connection) throws IOException;
    }

    /** One forwarded TCP connection: sshj's channel, started here because its start() is protected. */
    private static final class ForwardedConnection extends LocalPortForwarder.ForwardedChannel {

        private ForwardedConnection(Connection connection, Socket socket, Parameters parameters) {
            super(connection, socket, parameters);
        }

        static void start(Connection connection, Socket socket, Parameters parameters) throws IOException {
            ForwardedConnection channel = new ForwardedConnection(connection, socket, parameters);
            channel.open();
            channel.start();
        }
    }

    private SSHClient login(String address, int port, ClusterNode node, DirectConnection via) {
        PinnedHostKeys pinned = PinnedHostKeys.of(access.knownHosts());
        SSHClient client = new SSHClient(new DefaultConfig());
        client.addHostKeyVerifier(pinned);
        client.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        client.getConnection().getKeepAlive().setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        String where = node.name() + " (" + node.sshUser() + "@" + address + ":" + port
                + (via == null ? "" : " through bastion " + bastion.name()) + ")";
        try {
            if (via == null) {
                client.connect(address, port);
            } else {
                client.connectVia(via);
            }
        } catch (TransportException e) {
            closeQuietly(client);
            throw pinned.refusal().map(SshException.class::cast)
                    .orElseGet(() -> new SshException("cannot connect to " + where + ": " + e.getMessage(), e));
        } catch (IOException e) {
            closeQuietly(client);
            throw new SshException("cannot connect to " + where + ": " + e.getMessage() + "; is the machine "
                    + "running, and does its firewall admit SSH from here?", e);
        }
        try {
            client.authPublickey(node.sshUser(), client.loadKeys(access.privateKey().toString()));
            return client;
        } catch (UserAuthException e) {
            closeQuietly(client);
            throw new SshException("cannot log in to " + where + " with the key " + access.privateKey()
                    + ": the machine does not accept it for user " + node.sshUser()
                    + "; check the user and the machine's authorized_keys", e);
        } catch (IOException e) {
            closeQuietly(client);
            throw new SshException("cannot log in to " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        forwards.forEach(SshTunnel::closeQuietly);
        closeQuietly(connection);
        log.accept("tunnel: closed the connection to bastion " + bastion.name());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // closing what is already broken
        }
    }
}
