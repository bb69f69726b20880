package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.VolumeMode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FioPodTest {

    private static final FioJob JOB = FioJob.profile("randread-4k");

    @Test
    void aFilesystemPodMountsItsClaimAndFindsEverythingThroughItsEnvironment() {
        Pod pod = FioPod.spec("mb-x-0", "bench", "mb-x-vol-0", "mb-x-job", "img", VolumeMode.FILESYSTEM, JOB,
                Map.of("mayabench.dev/run", "mb-x"), true);

        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MAYABENCH_DATA");
            assertThat(e.getValue()).isEqualTo("/data");
        });
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data"));
        assertThat(container.getVolumeDevices()).isNullOrEmpty();
        assertThat(pod.getSpec().getNodeSelector()).containsEntry(DeployStage.CLIENT_LABEL, "true");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getDownwardAPI() != null).singleElement()
                .satisfies(v -> assertThat(v.getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['mayabench.dev/start-at']"));
        assertThat(FioPod.jobText(JOB, VolumeMode.FILESYSTEM)).contains("directory=${MAYABENCH_DATA}");
    }

    @Test
    void aPodsJobWritesUnixStampedIntervalLogsIntoItsResultsDirectory() {
        String text = FioPod.jobText(JOB, VolumeMode.FILESYSTEM);

        assertThat(text).contains("write_iops_log=${MAYABENCH_RESULTS}/fio", "write_bw_log=${MAYABENCH_RESULTS}/fio",
                "write_hist_log=${MAYABENCH_RESULTS}/fio", "log_avg_msec=1000", "log_hist_msec=1000",
                "log_unix_epoch=1");
        // printed before the JSON, so that a log the kubelet rotated loses the timeline, not the result
        assertThat(FioPod.SCRIPT.indexOf("for f in \"$MAYABENCH_RESULTS\"/fio_*.log"))
                .isPositive().isLessThan(FioPod.SCRIPT.indexOf("echo '" + FioPod.MARKER + "'"));
    }

    @Test
    void aPodLogsAtTheJobsIntervalAndNotAtAllWhenLoggingIsOff() {
        FioJob halfSecond = JOB.withLogInterval(new SourcedValue("500ms", "test"));
        FioJob off = JOB.withLogInterval(new SourcedValue("off", "test"));

        assertThat(FioPod.jobText(halfSecond, VolumeMode.FILESYSTEM))
                .contains("log_avg_msec=500", "log_hist_msec=500", "log_unix_epoch=1");
        assertThat(FioPod.jobText(off, VolumeMode.FILESYSTEM))
                .doesNotContain("write_iops_log", "write_hist_log", "log_unix_epoch");
    }

    @Test
    void aRawBlockPodGetsTheClaimAsADeviceAndTheJobWritesToIt() {
        Pod pod = FioPod.spec("mb-x-0", "bench", "mb-x-vol-0", "mb-x-job", "img", VolumeMode.BLOCK,
                JOB.withIdleProfile(new dev.mayabench.config.SourcedValue("system", "test")), Map.of(), false);

        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getVolumeDevices()).singleElement()
                .satisfies(d -> assertThat(d.getDevicePath()).isEqualTo(FioPod.DEVICE));
        assertThat(container.getVolumeMounts()).noneMatch(m -> m.getName().equals("data"));
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("MAYABENCH_DATA"))
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("MAYABENCH_FIO_ARGS");
                    assertThat(e.getValue()).isEqualTo("--idle-prof=system");
                });
        assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(FioPod.jobText(JOB, VolumeMode.BLOCK)).contains("filename=${MAYABENCH_DEVICE}")
                .doesNotContain("directory=");
    }

    @Test
    void runIdsAreKubernetesNamesShortEnoughForEveryObjectOfTheRun() {
        String id = PodWorkload.runId("Random_Read with A Very Long Test Method Name That Goes On");

        assertThat(id).matches("mb-[a-z0-9-]+-[0-9a-f]{6}");
        assertThat((id + "-vol-99").length()).isLessThanOrEqualTo(63);
        assertThat(PodWorkload.runId("randomRead")).startsWith("mb-randomread-");
    }

    @Test
    void theLogGivesFiosVersionAndWhenItStarted() {
        String log = "mayabench: fio-3.36 on node-1\nmayabench: ready\nmayabench: fio starts at 1796160000\n{}";

        assertThat(PodWorkload.fioVersion(log)).isEqualTo("fio-3.36");
        assertThat(PodWorkload.started(log)).isEqualTo(Optional.of(1796160000L));
        assertThat(PodWorkload.started("no start line")).isEmpty();
    }
}
