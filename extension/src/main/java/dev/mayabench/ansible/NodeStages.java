package dev.mayabench.ansible;

import dev.mayabench.ssh.SshTunnel;
import dev.mayabench.ssh.TunnelStage;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.StageName;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The stages between machines and Mayastor, for any provider whose nodes are reached over SSH: the tunnel
 * through the bastion, the Kubernetes installer and node preparation. They work on the machines the provision
 * stage made or, when the user skips provisioning, on the user's own {@code inventory.ini}. Closing this closes
 * the tunnel.
 *
 * <pre>{@code
 * try (NodeStages nodes = new NodeStages(Installer.K3S, 1024, new Ansible(), false)) {
 *     nodes.contributeTo(pipeline);
 *     pipeline.build().setUp();
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class NodeStages implements AutoCloseable {

    private final TunnelStage tunnel;
    private final KubernetesStage kubernetes;
    private final PrepareNodesStage prepareNodes;

    /**
     * @param installer the Kubernetes installer
     * @param hugepages 2 MiB hugepages each node reserves
     * @param ansible   the Ansible to run
     * @param checkOnly run node preparation in check mode: report what would change, change nothing
     */
    public NodeStages(Installer installer, int hugepages, Ansible ansible, boolean checkOnly) {
        Objects.requireNonNull(installer, "installer");
        Objects.requireNonNull(ansible, "ansible");
        this.tunnel = new TunnelStage(installer.apiPort(),
                context -> ClusterInventory.nodes(context.workspace(), installer, ansible, context::log));
        this.kubernetes = new KubernetesStage(installer, ansible);
        this.prepareNodes = new PrepareNodesStage(installer, hugepages, ansible, checkOnly);
    }

    /** Adds the tunnel, kubernetes and prepare-nodes stages. */
    public void contributeTo(Pipeline.Builder pipeline) {
        pipeline.stage(tunnel).stage(kubernetes).stage(prepareNodes);
    }

    /** Adds the tunnel and prepare-nodes stages only, saying why Kubernetes is not installed. */
    public void contributeWithoutKubernetes(Pipeline.Builder pipeline, String why) {
        pipeline.stage(tunnel).stage(prepareNodes).notNeeded(StageName.KUBERNETES, why);
    }

    /** The tunnel, once its stage has run and found a bastion. */
    public Optional<SshTunnel> tunnel() {
        return tunnel.tunnel();
    }

    @Override
    public void close() {
        tunnel.close();
    }
}
