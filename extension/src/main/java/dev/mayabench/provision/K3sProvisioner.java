package dev.mayabench.provision;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fio.FioResult;
import dev.mayabench.kube.KubeStages;
import dev.mayabench.stage.Pipeline;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The {@code k3s} provider: a one-node k3s in a container (Testcontainers' k3s module), for a quick Kubernetes
 * on a developer machine with Docker. Mayastor cannot run there (no hugepages or NVMe in a container), so fio
 * runs on k3s's own {@code local-path} volumes unless {@code storageClass} names another class. Without a
 * Docker engine the classes that use it are skipped, with the reason.
 *
 * <pre>{@code
 * @MayastorCluster(provider = "k3s")
 * class QuickLook { @Test @Fio(profile = "randread-4k") void read(FioResult r) { ... } }
 * }</pre>
 */
final class K3sProvisioner extends KubernetesProvisioner {

    static final String IMAGE = "rancher/k3s:v1.31.4-k3s1";
    static final String LOCAL_PATH = "local-path";

    private final Workspace workspace;
    private K3sContainer container;

    K3sProvisioner(ClusterSpec spec, Workspace workspace) {
        super(new KubeStages(spec, workspace, Optional.of(LOCAL_PATH)));
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "k3s";
    }

    @Override
    public void preflight() {
        boolean docker;
        String why;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
            why = "Testcontainers found no Docker engine";
        } catch (RuntimeException | LinkageError e) {
            docker = false;
            why = e.getMessage();
        }
        if (!docker) {
            throw new TestAbortedException("provider 'k3s' starts k3s in a container and needs a Docker engine, and "
                    + "this machine has none (" + why + "); start Docker, or use provider 'local' (fio on this "
                    + "machine) or 'existing' (a cluster you have)");
        }
    }

    @Override
    public void contributeStages(Pipeline.Builder pipeline) {
        pipeline.stage(new Stage() {
            @Override
            public StageName name() {
                return StageName.PROVISION;
            }

            @Override
            public List<String> outputs() {
                return List.of("admin.conf");
            }

            @Override
            public void run(StageContext context) {
                context.log("starting " + IMAGE + " (Testcontainers)");
                container = new K3sContainer(DockerImageName.parse(IMAGE));
                container.start();
                workspace.writeSecret("admin.conf", container.getKubeConfigYaml().getBytes(StandardCharsets.UTF_8));
                context.log("k3s runs; kubeconfig in " + workspace.file("admin.conf"));
            }
        });
        pipeline.notNeeded(StageName.TUNNEL, "provider 'k3s': the container's API port is mapped to this machine")
                .notNeeded(StageName.KUBERNETES, "provider 'k3s': the container is Kubernetes")
                .notNeeded(StageName.PREPARE_NODES, "provider 'k3s': no machines to prepare")
                .notNeeded(StageName.PLAYBOOKS, "provider 'k3s': no machines to run playbooks on");
        kube.contributeTo(pipeline);
        pipeline.stage(new Stage() {
            @Override
            public StageName name() {
                return StageName.TEARDOWN;
            }

            @Override
            public void run(StageContext context) {
                // what was deployed lives in the container and goes with it
                kube.close();
                if (container != null) {
                    container.stop();
                    context.log("k3s container stopped and removed, with everything deployed in it");
                }
                kube.forgetDeployed();
            }
        });
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>(kube.facts());
        facts.put("k3s image", IMAGE);
        return facts;
    }
}
