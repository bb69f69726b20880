package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Installer;
import dev.mayabench.ansible.NodeNameReport;
import dev.mayabench.ansible.Playbooks;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fixtures.kube.JoiningNode;
import dev.mayabench.stage.Workspace;
import dev.mayabench.fixtures.azure.FakeArm;
import dev.mayabench.provision.azure.FakeArmConnector;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * {@code @MayastorCluster(provider = "azure")} through the real JUnit Launcher with Allure recording, as
 * {@link AwsPipelineEndToEndTest} does it for aws: the resource group and VMs on the fake ARM endpoint (reached through
 * the test class path's {@link FakeArmConnector}, as the provider's factory builds it inside the Launcher), the node
 * stages skipped by the user (their output, admin.conf, is the simulated cluster's kubeconfig), Mayastor's deploy on
 * the simulator with the pool disks found by Azure's local-NVMe model, fio in two pods with real fio, teardown.
 * Afterwards neither the fake cloud nor the simulated cluster holds anything of the run. Skipped for the same reasons
 * as on aws: tunnel, kubernetes and prepare-nodes.
 */
class AzurePipelineEndToEndTest {

    static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();
    static final List<String> PROPERTIES = List.of("mayabench.azure.endpoint",
            "mayabench.azure.sshCidr", "mayabench.skip", "allure.results.directory");

    @TempDir
    Path dir;
    FakeArm cloud;
    MayastorSimulator cluster;

    @MayastorCluster(name = "e2e-azure", provider = "azure", region = "eastus", storageNodes = 3, workerNodes = 1,
            masterNodes = 1, instance = "Standard_L8s_v3", replicas = 2, volumes = 2)
    static class ReplicatedVolumeBenchmark {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "2s", size = "8m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 1)
        void randomRead(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    @BeforeEach
    void cloudAndCluster() throws IOException {
        cloud = FakeArm.start();
        FakeArmConnector.serve(cloud);
        cluster = MayastorSimulator.builder().nodesJoinOnFirstRequest(this::kubeletsOfTheFakeCloud)
                .mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA3)
                .workDirectory(dir.resolve("cluster")).start();
        System.setProperty("mayabench.azure.endpoint", cloud.endpoint().toString());
        System.setProperty("mayabench.azure.sshCidr", "198.51.100.7/32");
        System.setProperty("mayabench.skip", "tunnel,kubernetes,prepare-nodes");
        // what a user who skips the kubernetes stage hands in: the cluster's admin.conf, in a fresh workspace
        Path workspace = Files.createDirectories(FreshWorkspace.of("e2e-azure"));
        cluster.kubeconfig(workspace.resolve("admin.conf"));
        // and what the skipped prepare-nodes stage records: each storage node's facts, its local NVMe disk as lsblk
        // reports it on a Standard_L8s_v3 (found by model and serial), and the modules prepare-nodes.yml loads
        Files.createDirectories(workspace.resolve("facts"));
        for (String node : List.of("storage-1", "storage-2", "storage-3")) {
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(workspace.resolve("facts/" + node + ".json")
                    .toFile(), Map.of("host", node, "nvme_device", "instance-store",
                    "modules", List.of("nvme_tcp", "nvme_fabrics"), "nvme_devices",
                    List.of(Map.of("name", "nvme0n1", "size", 1_920_383_410_176L, "model",
                            "Microsoft NVMe Direct Disk", "serial", "e2e" + node))));
        }
    }

    /** The VMs as kubelets: hostname the VM's name (its computerName), role from the mayabench:role tag. */
    // runs on the simulator's request thread: the deploy stage's first node request waits for the kubelets
    private List<JoiningNode> kubeletsOfTheFakeCloud() {
        Path workspace = Locations.workspaceOf("e2e-azure");
        Map<String, String> nodeNames = new HashMap<>();
        Path playbooks = Playbooks.extract(Workspace.open(workspace));
        NodeNameReport.plan(new Ansible(), playbooks.resolve(Installer.K3S.playbook()),
                workspace.resolve("inventory.ini"), workspace.resolve("logs/node-names.log"))
                .forEach(r -> nodeNames.put(r.host(), r.nodeName()));
        List<JoiningNode> kubelets = new ArrayList<>();
        for (FakeArm.LiveResource vm : cloud.liveResources()) {
            if (vm.type().equals("Microsoft.Compute/virtualMachines")) {
                String name = vm.id().substring(vm.id().lastIndexOf('/') + 1);
                kubelets.add(new JoiningNode(name, Optional.ofNullable(nodeNames.get(name)),
                        vm.tags().get("mayabench:role").contains("storage") ? "storage" : "client"));
            }
        }
        return kubelets;
    }

    @AfterEach
    void stop() {
        PROPERTIES.forEach(System::clearProperty);
        RECEIVED.clear();
        cluster.close();
        FakeArmConnector.forget(cloud);
        cloud.close();
    }

    @Test
    void azureClassRunsEveryStageOrSaysWhyNotHandsTheTestTheMergedPodsAndLeavesNothingBehind() throws IOException {
        Path results = Files.createDirectories(dir.resolve("allure-results"));

        SummaryGeneratingListener summary = LauncherWithAllure.run(ReplicatedVolumeBenchmark.class, results);

        String report = CloudPipelineChecks.passedWithTwoPodsAndEveryStageInTheReport(summary,
                (FioResult) RECEIVED.get("result"), results);
        assertThat(report).doesNotContain(cloud.token()).doesNotContain("PRIVATE KEY");

        assertThat(cloud.liveResources()).as("the fake cloud after the run").isEmpty();
        assertThat(cloud.unservedRequests()).isEmpty();
        String deploy = CloudPipelineChecks.clusterLeftCleanWithTheInventorysNodeNames(cluster, "e2e-azure");
        assertThat(deploy).contains("storage nodes and pool disks: "
                + "{storage-1=/dev/disk/by-id/nvme-Microsoft_NVMe_Direct_Disk_e2estorage-1");
    }
}
