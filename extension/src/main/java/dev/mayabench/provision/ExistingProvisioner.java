package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.kube.KubeException;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import java.util.List;

/**
 * The {@code existing} provider: a Kubernetes cluster the user already has, reached with its kubeconfig
 * ({@code mayabench.kubeconfig}, else {@code KUBECONFIG} / {@code ~/.kube/config}). Nothing is provisioned,
 * tunnelled, installed or prepared; Mayastor is deployed only if it is absent, and any StorageClass can be
 * benchmarked instead ({@code storageClass = "gp3"}). Teardown deletes only what mayabench added.
 *
 * <pre>{@code
 * @MayastorCluster(provider = "existing", storageClass = "local-path")
 * class LocalPathBenchmark { ... }
 * }</pre>
 */
final class ExistingProvisioner extends KubernetesProvisioner {

    ExistingProvisioner(ClusterSpec spec, Workspace workspace) {
        super(new KubeStages(spec, workspace));
    }

    @Override
    public String name() {
        return "existing";
    }

    @Override
    public void contributeStages(Pipeline.Builder pipeline) {
        pipeline.notNeeded(StageName.PROVISION, "provider 'existing': the cluster already exists")
                .notNeeded(StageName.TUNNEL, "provider 'existing': the API server is reached as the kubeconfig says")
                .notNeeded(StageName.KUBERNETES, "provider 'existing': Kubernetes already runs")
                .notNeeded(StageName.PREPARE_NODES, "provider 'existing': the nodes are the user's; mayabench does "
                        + "not change them")
                .notNeeded(StageName.PLAYBOOKS, "provider 'existing': mayabench has no SSH access to the nodes");
        kube.contributeTo(pipeline);
        pipeline.stage(new Stage() {
            @Override
            public StageName name() {
                return StageName.TEARDOWN;
            }

            @Override
            public void run(StageContext context) {
                try {
                    List<String> left = kube.tearDown(context);
                    if (!left.isEmpty()) {
                        throw new KubeException("could not delete from the cluster: " + left + "; they are listed in "
                                + context.workspace().file("state.json"));
                    }
                } finally {
                    kube.close();
                }
            }
        });
    }
}
