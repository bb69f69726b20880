package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.fixtures.kube.PoolApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * On Kubernetes this version does not precondition (PreconditionStep's class comment says why): a test that asks
 * for it still runs, says so as a not-applicable report entry, runs no fill, and leaves nothing in the cluster.
 * Driven like KubernetesPipelineTest: the Mayastor simulator with real fio in every pod.
 */
class PreconditionKubernetesTest {

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        KubernetesPipelineTest.PROPERTIES.forEach(System::clearProperty);
    }

    @MayastorCluster(name = "precondition-kube", provider = "existing", storageNodes = 3, replicas = 1, volumes = 2)
    static class WriteOnMayastor {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "4m", ioengine = "psync", direct = 0,
                iodepth = 1, numjobs = 1, precondition = "sequential+random")
        void randomWrite(FioResult result) {
        }
    }

    @Test
    void aKubernetesRunSaysPreconditioningDoesNotApplyAndRunsNoFill() throws Exception {
        try (MayastorSimulator simulator = MayastorSimulator.builder()
                .storageNodes("storage-1", "storage-2", "storage-3").clientNodes("worker-1")
                .mayastorInstalled("2.9.1").poolApi(PoolApi.V1BETA2).workDirectory(dir.resolve("cluster")).start()) {
            System.setProperty("mayabench.kubeconfig", simulator.kubeconfig(dir.resolve("kubeconfig")).toString());
            System.setProperty("mayabench.mayastor.poolDisk", "storage-1=/dev/disk/by-id/nvme-disk-1,"
                    + "storage-2=/dev/disk/by-id/nvme-disk-2,storage-3=/dev/disk/by-id/nvme-disk-3");
            FreshWorkspace.of("precondition-kube");

            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(WriteOnMayastor.class)).execute();

            results.testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(PreconditionExtensionTest.entries(results, MayabenchExtension.NOT_APPLICABLE_ENTRY)
                    .get("randomWrite")).singleElement().asString()
                    .contains("fio.precondition = sequential+random does not apply to provider 'existing'");
            assertThat(PreconditionExtensionTest.entries(results, PreconditionStep.ENTRY)).isEmpty();
            Path results1 = Locations.resultsRoot().resolve(Locations.fileName(WriteOnMayastor.class.getName()));
            try (Stream<Path> files = Files.list(results1)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("precondition"));
            }
            assertThat(simulator.leftovers("mayabench")).isEmpty();
        }
    }
}
