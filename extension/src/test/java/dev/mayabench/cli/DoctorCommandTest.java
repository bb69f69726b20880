package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.kube.ChartRepositoryServer;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayabench doctor} on a simulated cluster: the findings, the exit status, nothing changed. */
class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void doctorListsEveryFindingAndExitsOneWhenTheDeployStageWouldStop() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .clientNodes("worker-1").mayastorNotInstalled().workDirectory(dir.resolve("cluster")).start();
             ChartRepositoryServer charts = ChartRepositoryServer.start("mayastor", "2.10.0", "2.11.0")) {
            Path kubeconfig = cluster.kubeconfig(dir.resolve("admin.conf"));
            Workspace workspace = Workspace.open(dir.resolve("ws"));
            workspace.writeState(WorkspaceState.fresh("demo", "existing", "x").withNodes(List.of(
                    storage("storage-1"), storage("storage-2"),
                    new ClusterNode("worker-1", EnumSet.of(NodeRole.WORKER), "10.42.0.9", Optional.empty(), 22,
                            "ubuntu", Optional.empty()))));
            String[] args = {"doctor", "demo", "--workspace", workspace.directory().toString(), "--kubeconfig",
                    kubeconfig.toString(), "--chart-repository", charts.url().toString()};

            MayabenchCommandTest.Result healthy = MayabenchCommandTest.run(args);

            assertThat(healthy.status()).as(healthy.out() + healthy.err()).isZero();
            assertThat(healthy.out()).contains("OK          kubernetes        cluster: Kubernetes 1.31")
                    .contains("hugepages         storage-2: allocatable hugepages-2Mi 2Gi")
                    .contains("NOT_CHECKED nvme-tcp          storage-1")
                    .contains("OK          chart-version     chart 2.11.0: published")
                    .contains("0 error(s)");

            cluster.client().nodes().withName("storage-2").editStatus(n -> {
                n.getStatus().getAllocatable().put("hugepages-2Mi", new Quantity("0"));
                return n;
            });
            MayabenchCommandTest.Result sick = MayabenchCommandTest.run(args);

            assertThat(sick.status()).isEqualTo(1);
            assertThat(sick.out()).contains("ERROR       hugepages         storage-2")
                    .contains("fix: reserve 1024 pages").contains("1 error(s)")
                    .contains("the deploy stage would stop");
            assertThat(cluster.client().nodes().list().getItems()).allSatisfy(n -> assertThat(n.getMetadata()
                    .getLabels()).doesNotContainKey("openebs.io/engine"));
            assertThat(cluster.client().namespaces().withName("mayastor").get()).isNull();
        }
    }

    @Test
    void aKubeconfigThatIsNotAFileIsRefusedNamingIt() {
        MayabenchCommandTest.Result result = MayabenchCommandTest.run("doctor", "--kubeconfig",
                dir.resolve("nope.conf").toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--kubeconfig " + dir.resolve("nope.conf").toAbsolutePath())
                .contains("is not a file");
    }

    private static ClusterNode storage(String name) {
        return new ClusterNode(name, EnumSet.of(NodeRole.STORAGE), "10.42.0.5", Optional.empty(), 22, "ubuntu",
                Optional.of("/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_" + name));
    }
}
