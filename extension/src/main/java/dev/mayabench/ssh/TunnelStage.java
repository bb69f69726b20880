package dev.mayabench.ssh;

import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Opens the {@link SshTunnel} through the cluster's bastion, proves every node answers through it, and
 * forwards the Kubernetes API port of the first control-plane node to a local port, recorded in
 * {@code state.json} as {@value #API_SERVER_ATTRIBUTE} so the kubeconfig points there. The tunnel stays open
 * until {@link #close()} (the cluster's teardown). Without a bastion the nodes are reached directly and the
 * stage only says so.
 *
 * <pre>{@code
 * TunnelStage tunnel = new TunnelStage(6443, context -> state.nodes());
 * pipeline.stage(tunnel);
 * ... tunnel.close();
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class TunnelStage implements Stage, AutoCloseable {

    /** The state attribute holding the API server URL the executor reaches, {@code https://127.0.0.1:<port>}. */
    public static final String API_SERVER_ATTRIBUTE = "tunnel.apiServer";

    private final int apiPort;
    private final Function<StageContext, List<ClusterNode>> nodes;
    private volatile SshTunnel tunnel;

    /**
     * @param apiPort the Kubernetes API port on the control-plane node (6443; MicroK8s 16443)
     * @param nodes   the cluster's nodes, looked up when the stage runs (after provisioning)
     */
    public TunnelStage(int apiPort, Function<StageContext, List<ClusterNode>> nodes) {
        this.apiPort = apiPort;
        this.nodes = Objects.requireNonNull(nodes, "nodes");
    }

    @Override
    public StageName name() {
        return StageName.TUNNEL;
    }

    @Override
    public void run(StageContext context) {
        List<ClusterNode> cluster = nodes.apply(context);
        Optional<ClusterNode> bastion = cluster.stream().filter(n -> n.has(NodeRole.BASTION)).findFirst();
        if (bastion.isEmpty()) {
            context.log("no node is a bastion: the nodes are reached directly, no tunnel is needed");
            return;
        }
        SshTunnel opened = SshTunnel.open(bastion.get(), SshAccess.of(context.workspace()), context::log);
        tunnel = opened;
        for (ClusterNode node : cluster) {
            if (node.equals(bastion.get())) {
                continue;
            }
            context.log("waiting for SSH on " + node.name() + " (" + node.privateAddress() + ")");
            opened.probe(node);
            context.log("reached " + node.name() + " as " + node.sshUser()
                    + (node.publicAddress().isPresent() ? " directly" : " through " + bastion.get().name()));
        }
        Optional<ClusterNode> master = cluster.stream().filter(n -> n.has(NodeRole.MASTER)).findFirst();
        if (master.isPresent()) {
            int local = opened.forward(master.get().privateAddress(), apiPort);
            String url = "https://127.0.0.1:" + local;
            context.workspace().updateState(s -> s.withAttribute(API_SERVER_ATTRIBUTE, url));
            context.log("Kubernetes API of " + master.get().name() + " at " + url);
            if (Kubeconfig.pointAt(context.workspace(), url)) {
                context.log("admin.conf now points at " + url);
            }
        }
    }

    /** The open tunnel, once the stage has run and found a bastion. */
    public Optional<SshTunnel> tunnel() {
        return Optional.ofNullable(tunnel);
    }

    @Override
    public void close() {
        SshTunnel open = tunnel;
        if (open != null) {
            open.close();
        }
    }
}
