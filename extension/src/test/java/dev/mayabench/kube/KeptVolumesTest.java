package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept volumes of preconditioned runs: one stable claim per cluster, volume shape and pod index, a fill recorded
 * on the claim covers only the same target in the same mode, a claim mayabench does not keep is never written, and
 * teardown deletes exactly the cluster's kept claims. Against fabric8's mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class KeptVolumesTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Workspace workspace;

    @BeforeEach
    void aWorkspace() {
        client.persistentVolumeClaims().inAnyNamespace().delete();
        workspace = Workspace.open(dir.resolve("ws"));
        workspace.writeState(WorkspaceState.fresh("bench", "existing", "x"));
    }

    private static FioJob job(String profile, String size) {
        Map<String, SourcedValue> overrides = new LinkedHashMap<>();
        overrides.put("size", new SourcedValue(size, "test"));
        overrides.put("numjobs", new SourcedValue("1", "test"));
        return FioJob.profile(profile).withOverrides(overrides);
    }

    private static Preconditioning filled(String target, String mode) {
        return new Preconditioning(target, mode, Instant.parse("2026-12-03T10:00:00Z"), Duration.ofSeconds(2),
                4L << 20, List.of());
    }

    @Test
    void theClaimsNameIsStablePerClusterShapeAndIndexAndADnsLabel() {
        String name = KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0);
        assertThat(name).matches("mb-bench-[0-9a-f]{8}-0")
                .isEqualTo(KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0));
        List<String> others = List.of(
                KeptVolumes.claimName("bench", "mayastor-2", "1Gi", VolumeMode.FILESYSTEM, 0),
                KeptVolumes.claimName("bench", "mayastor-1", "2Gi", VolumeMode.FILESYSTEM, 0),
                KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.BLOCK, 0),
                KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 1),
                KeptVolumes.claimName("other", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0));
        assertThat(others).doesNotContain(name).doesNotHaveDuplicates();
        String longName = KeptVolumes.claimName("A Very_Long cluster name that goes on and on and on forever",
                "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 12);
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void aFillCoversTheSameFilesInTheSameModeAndOnARawVolumeEveryJob() {
        String randomFiles = KeptVolumes.target(job("randwrite-4k", "4m"), VolumeMode.FILESYSTEM);
        PersistentVolumeClaim claim = claimWith(new KeptVolumes.VolumeFill(randomFiles, "randomWrite", "mb-r-1",
                filled("volume x", "sequential")), new KeptVolumes.VolumeFill(KeptVolumes.DEVICE_TARGET, "raw",
                "mb-raw-1", filled("volume y", "sequential+random")));

        assertThat(KeptVolumes.fillOf(claim, randomFiles, "sequential")).get()
                .extracting(KeptVolumes.VolumeFill::runName).isEqualTo("randomWrite");
        assertThat(KeptVolumes.fillOf(claim, randomFiles, "sequential+random")).as("another mode").isEmpty();
        assertThat(KeptVolumes.fillOf(claim, KeptVolumes.target(job("randwrite-4k", "8m"), VolumeMode.FILESYSTEM),
                "sequential")).as("the same file at another size").isEmpty();
        assertThat(KeptVolumes.fillOf(claim, KeptVolumes.target(job("seqwrite-128k", "4m"), VolumeMode.FILESYSTEM),
                "sequential")).as("other files").isEmpty();
        assertThat(KeptVolumes.target(job("seqwrite-128k", "4m"), VolumeMode.BLOCK))
                .isEqualTo(KeptVolumes.target(job("randwrite-4k", "8m"), VolumeMode.BLOCK));
        assertThat(KeptVolumes.fillOf(claim, KeptVolumes.target(job("seqwrite-128k", "4m"), VolumeMode.BLOCK),
                "sequential+random")).as("any job on the whole device").isPresent();
        assertThat(KeptVolumes.fillOf(claimWith(), randomFiles, "sequential")).as("a new claim").isEmpty();
    }

    @Test
    void aRecordThatIsNotOneFillsAgain() {
        String target = KeptVolumes.target(job("randwrite-4k", "4m"), VolumeMode.FILESYSTEM);
        PersistentVolumeClaim claim = claimWith();
        claim.getMetadata().setAnnotations(Map.of(KeptVolumes.annotationKey(target), "{edited by hand"));
        assertThat(KeptVolumes.fillOf(claim, target, "sequential")).isEmpty();
    }

    @Test
    void theFirstRunCreatesTheClaimAndListsItALaterRunFindsItAndItsFill() {
        KeptVolumes.Use use = new KeptVolumes.Use(workspace, "bench", KeptVolumes.DEVICE_TARGET, "sequential", true);
        PersistentVolumeClaim created = use.claim(client, "mayabench", "mayastor-1", "8Mi", VolumeMode.BLOCK, 0);
        String name = created.getMetadata().getName();
        assertThat(created.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(created.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(created.getMetadata().getLabels()).containsEntry(KeptVolumes.KEPT_LABEL, "true")
                .containsEntry(KeptVolumes.CLUSTER_LABEL, "bench")
                .containsEntry("app.kubernetes.io/managed-by", "mayabench");
        assertThat(workspace.state().orElseThrow().attributes()).containsEntry(KeptVolumes.STATE_ATTRIBUTE,
                "mayabench/" + name);
        KeptVolumes.record(client, "mayabench", name, new KeptVolumes.VolumeFill(KeptVolumes.DEVICE_TARGET,
                "rawRandomWrite", "mb-rawrandomwrite-1", filled("volume " + name, "sequential")));

        PersistentVolumeClaim found = use.claim(client, "mayabench", "mayastor-1", "8Mi", VolumeMode.BLOCK, 0);

        assertThat(found.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(KeptVolumes.fillOf(found, KeptVolumes.DEVICE_TARGET, "sequential")).get()
                .extracting(KeptVolumes.VolumeFill::runId).isEqualTo("mb-rawrandomwrite-1");
    }

    @Test
    void aClaimOfThatNameThatMayabenchDoesNotKeepIsNeverUsed() {
        String name = KeptVolumes.claimName("bench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0);
        client.persistentVolumeClaims().inNamespace("mayabench").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .endSpec().build()).create();
        KeptVolumes.Use use = new KeptVolumes.Use(workspace, "bench", "files", "sequential", true);

        assertThatThrownBy(() -> use.claim(client, "mayabench", "mayastor-1", "1Gi", VolumeMode.FILESYSTEM, 0))
                .isInstanceOf(KubeException.class)
                .hasMessageContaining("PVC mayabench/" + name + " exists but is not one mayabench keeps")
                .hasMessageContaining("kubectl delete pvc -n mayabench " + name);
    }

    @Test
    void teardownDeletesTheClustersKeptClaimsAndNoOtherClaims() {
        new KeptVolumes.Use(workspace, "bench", "files", "sequential", true).claim(client, "mayabench", "sc", "1Gi",
                VolumeMode.FILESYSTEM, 0);
        new KeptVolumes.Use(workspace, "bench", "files", "sequential", true).claim(client, "mayabench", "sc", "1Gi",
                VolumeMode.FILESYSTEM, 1);
        new KeptVolumes.Use(workspace, "other", "files", "sequential", true).claim(client, "mayabench", "sc", "1Gi",
                VolumeMode.FILESYSTEM, 0);
        client.persistentVolumeClaims().inNamespace("mayabench").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("users-own").endMetadata().build()).create();
        List<String> log = new ArrayList<>();

        List<String> left = KeptVolumes.deleteAll(client, "mayabench", "bench",
                new Wait(Duration.ofSeconds(10), log::add), log::add);

        assertThat(left).isEmpty();
        assertThat(client.persistentVolumeClaims().inNamespace("mayabench").list().getItems())
                .extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("users-own", KeptVolumes.claimName("other", "sc", "1Gi",
                        VolumeMode.FILESYSTEM, 0));
        assertThat(log).anyMatch(line -> line.startsWith("deleted the kept (preconditioned) PVC(s)"));
    }

    @Test
    void aJobThatDeletesItsFilesLeavesNoFillToRecord() {
        assertThat(KeptVolumes.deletesItsFiles("[a]\nrw=randwrite\nunlink=1\n")).isTrue();
        assertThat(KeptVolumes.deletesItsFiles("[a]\nrw=randwrite\n unlink\n")).as("a bare boolean is on").isTrue();
        assertThat(KeptVolumes.deletesItsFiles("[a]\nunlink_each_loop=true\n")).isTrue();
        assertThat(KeptVolumes.deletesItsFiles("[a]\nrw=randwrite\nunlink=0\n")).isFalse();
        assertThat(KeptVolumes.deletesItsFiles("[a]\nrw=randwrite\nfilename_format=unlink.$jobnum\n")).isFalse();
    }

    private static PersistentVolumeClaim claimWith(KeptVolumes.VolumeFill... fills) {
        Map<String, String> annotations = new LinkedHashMap<>();
        for (KeptVolumes.VolumeFill fill : fills) {
            annotations.put(KeptVolumes.annotationKey(fill.target()), fill.toJson());
        }
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("c").withAnnotations(annotations)
                .endMetadata().build();
    }
}
