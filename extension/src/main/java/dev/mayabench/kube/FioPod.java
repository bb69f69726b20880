package dev.mayabench.kube;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.VolumeMode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One fio pod: the {@link FioJob} from a ConfigMap, the volume mounted at {@value #DATA} (or, raw block, exposed
 * as {@value #DEVICE}), results on an emptyDir. Its script lays the data file out first, marks itself ready,
 * and waits for the start signal: the annotation {@value #START_ANNOTATION} (epoch seconds), which the kubelet
 * projects into a downward-API file. All pods of a run get the same start time once all are ready, so their
 * measured windows overlap. fio writes {@code --output-format=json+} to a file, and the script prints it after
 * the line {@value #MARKER}, so the result is read back with the pod's log through the API. Before it, the script
 * prints fio's interval logs (for {@code FioResult.timeline()}), each after a line
 * {@code === mayabench fio log <file> <encoding> ===} (see {@link PodOutput} for why they travel that way).
 *
 * <p>Paths reach the script and fio's job file only through environment variables ({@code MAYABENCH_*}; the
 * job file says {@code directory=${MAYABENCH_DATA}}), so the same pod runs unchanged wherever the paths are.
 *
 * <pre>{@code
 * Pod pod = FioPod.spec("mb-randread-1a2b-0", "mayabench", "mb-randread-1a2b-vol-0", "mb-randread-1a2b-job",
 *         image, VolumeMode.FILESYSTEM, job, Map.of("mayabench.dev/run", "mb-randread-1a2b"), true);
 * }</pre>
 */
final class FioPod {

    static final String START_ANNOTATION = "mayabench.dev/start-at";
    static final String MARKER = "=== mayabench fio json+ ===";
    static final String JOB_KEY = "job.fio";
    static final String DATA = "/data";
    static final String DEVICE = "/dev/mayabench";
    static final String DATA_VARIABLE = "MAYABENCH_DATA";
    static final String DEVICE_VARIABLE = "MAYABENCH_DEVICE";
    static final String STARTED = "mayabench: fio starts at ";
    /** Where fio writes its interval logs in the pod: a prefix fio expands from the pod's environment. */
    static final String LOG_PREFIX = "${MAYABENCH_RESULTS}/" + dev.mayabench.fio.PodTimelines.LOG_PREFIX;

    /**
     * POSIX sh with coreutils only ({@code date}, {@code sleep} with fractions, {@code cat}, {@code touch}): runs
     * under the default image (bash and coreutils) or a busybox one alike; no {@code hostname} binary assumed.
     */
    static final String SCRIPT = String.join("\n",
            "set -eu",
            "echo \"mayabench: $(fio --version) on $(cat /etc/hostname 2>/dev/null)\"",
            "if [ -n \"${MAYABENCH_DATA:-}\" ]; then",
            "  echo 'mayabench: laying out the data files'",
            "  fio --create_only=1 \"$MAYABENCH_JOB\" > \"$MAYABENCH_RESULTS/layout.log\" 2>&1 "
                    + "|| { cat \"$MAYABENCH_RESULTS/layout.log\"; exit 1; }",
            "fi",
            // preconditioning (PodPrecondition): each pass fills the volume before the pod reports ready, so every
            // pod of the run starts measuring on the common signal, after all fills; fio's output comes back here
            "for pass in ${" + PodPrecondition.PASSES_VARIABLE + ":-}; do",
            "  echo \"mayabench: preconditioning, pass $pass\"",
            "  fio --output-format=json --output=\"$MAYABENCH_RESULTS/$pass.json\" \"${MAYABENCH_JOB%/*}/$pass.fio\" "
                    + "> \"$MAYABENCH_RESULTS/$pass.log\" 2>&1 || { cat \"$MAYABENCH_RESULTS/$pass.log\"; exit 1; }",
            "  echo \"" + PodPrecondition.SECTION + "$pass ===\"",
            "  cat \"$MAYABENCH_RESULTS/$pass.json\"",
            "  echo '" + PodPrecondition.END + "'",
            "done",
            "touch \"$MAYABENCH_RESULTS/ready\"",
            "echo 'mayabench: ready, waiting for the start signal'",
            "while [ ! -s \"$MAYABENCH_START\" ]; do sleep 0.2; done",
            "start=$(cat \"$MAYABENCH_START\")",
            "while [ \"$(date +%s)\" -lt \"$start\" ]; do sleep 0.05; done",
            // the layout run may have left (empty) interval logs: only the measured run's may come back
            "rm -f \"$MAYABENCH_RESULTS\"/fio_*.log",
            "echo \"" + STARTED + "$(date +%s)\"",
            "fio $MAYABENCH_FIO_ARGS --output-format=json+ --output=\"$MAYABENCH_RESULTS/fio.json\" \"$MAYABENCH_JOB\"",
            // compressed where the image can (gzip is in busybox and Debian, not in coreutils): see PodOutput
            "if command -v gzip >/dev/null 2>&1 && command -v base64 >/dev/null 2>&1; then encoding=" + PodOutput.GZIP
                    + "; else encoding=" + PodOutput.TEXT + "; fi",
            "for f in \"$MAYABENCH_RESULTS\"/fio_*.log; do",
            "  [ -f \"$f\" ] || continue",
            "  echo \"" + PodOutput.LOG_MARKER + "${f##*/} $encoding ===\"",
            "  if [ \"$encoding\" = " + PodOutput.GZIP + " ]; then gzip -c \"$f\" | base64; else cat \"$f\"; fi",
            "done",
            "echo '" + MARKER + "'",
            "cat \"$MAYABENCH_RESULTS/fio.json\"",
            "");

    private FioPod() {
    }

    /** The job file the pods run: data files under the volume, or the raw device. */
    static String jobText(FioJob job, VolumeMode mode) {
        String text = mode == VolumeMode.BLOCK ? job.renderOnDeviceOf(DEVICE_VARIABLE)
                : job.renderInDirectoryOf(DATA_VARIABLE);
        // @Fio(logInterval = "off") means no interval logs in pods either
        return job.logInterval().map(interval -> dev.mayabench.fio.PodTimelines.withLogOptions(text, LOG_PREFIX, interval))
                .orElse(text);
    }

    static Pod spec(String name, String namespace, String claim, String configMap, String image, VolumeMode mode,
                    FioJob job, Map<String, String> labels, boolean pinToClients) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("MAYABENCH_JOB", "/job/" + JOB_KEY, null));
        env.add(new EnvVar("MAYABENCH_RESULTS", "/results", null));
        env.add(new EnvVar("MAYABENCH_START", "/etc/mayabench/start-at", null));
        env.add(new EnvVar("MAYABENCH_FIO_ARGS", job.idleProfile().map(m -> "--idle-prof=" + m).orElse(""), null));
        if (mode == VolumeMode.BLOCK) {
            env.add(new EnvVar(DEVICE_VARIABLE, DEVICE, null));
        } else {
            env.add(new EnvVar(DATA_VARIABLE, DATA, null));
        }
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("fio").withImage(image)
                .withCommand("sh", "-c", SCRIPT)
                .withEnv(env)
                .addNewVolumeMount().withName("job").withMountPath("/job").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("results").withMountPath("/results").endVolumeMount()
                .addNewVolumeMount().withName("signal").withMountPath("/etc/mayabench").withReadOnly(true).endVolumeMount()
                .withNewReadinessProbe().withNewExec().withCommand("sh", "-c", "test -f \"$MAYABENCH_RESULTS/ready\"")
                .endExec().withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("job").withNewConfigMap().withName(configMap).endConfigMap().endVolume()
                .addNewVolume().withName("results").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("signal").withNewDownwardAPI().addNewItem().withPath("start-at")
                .withNewFieldRef().withFieldPath("metadata.annotations['" + START_ANNOTATION + "']").endFieldRef()
                .endItem().endDownwardAPI().endVolume()
                .endSpec();
        Pod built = pod.build();
        var container = built.getSpec().getContainers().get(0);
        if (mode == VolumeMode.BLOCK) {
            container.setVolumeDevices(List.of(new io.fabric8.kubernetes.api.model.VolumeDeviceBuilder()
                    .withName("data").withDevicePath(DEVICE).build()));
        } else {
            container.getVolumeMounts().add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                    .withName("data").withMountPath(DATA).build());
        }
        if (pinToClients) {
            built.getSpec().setNodeSelector(Map.of(DeployStage.CLIENT_LABEL, "true"));
        }
        return built;
    }
}
