package dev.mayabench.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.Precondition;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.fio.VolumeMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's preconditioning loop ({@link FioPod#SCRIPT}, the lines from {@code for pass in} to {@code done}) runs
 * here under {@code sh} with real fio on the job files {@link PodPrecondition} ships, and {@link PodPrecondition}
 * reads back what it printed.
 */
class PodPreconditionTest {

    private static final long FOUR_MIB = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    private static FioJob job(String profile) {
        Map<String, SourcedValue> overrides = new java.util.LinkedHashMap<>();
        Map.of("size", "4m", "numjobs", "1", "ioengine", "psync", "direct", "0")
                .forEach((k, v) -> overrides.put(k, new SourcedValue(v, "test")));
        return FioJob.profile(profile).withOverrides(overrides);
    }

    private static Precondition mode(String mode) {
        return Precondition.parse(new SourcedValue(mode, "test"));
    }

    @Test
    void eachPassFillsTheMeasuredJobsDataFileAndItsOutputComesBackFromTheLog() throws Exception {
        FioJob measured = job("randwrite-4k");
        PodPrecondition fill = new PodPrecondition(mode("sequential+random"), measured, VolumeMode.FILESYSTEM);
        Path runs = dir.resolve("runs");

        String log = runLoop(fill.jobFiles(runs, "randomWrite"), "precondition-sequential precondition-random");
        Preconditioning done = fill.collect(log, "pod-0", "claim-0", "1Gi", runs, "randomWrite-pod-0",
                runs.resolve("randomWrite-pod-0.log"));

        assertThat(dir.resolve("data/randwrite-4k.0.0")).as("the file the measured job will use").hasSize(FOUR_MIB);
        assertThat(done.targetBytes()).isEqualTo(FOUR_MIB);
        assertThat(done.passes()).extracting(Preconditioning.PassResult::how)
                .containsExactly("write 1m", "randwrite 4k");
        assertThat(done.passes()).allSatisfy(p -> {
            assertThat(p.bytesWritten()).as("fio's io_bytes of %s", p.name()).isEqualTo(FOUR_MIB);
            assertThat(Path.of(p.output())).exists();
        });
        assertThat(done.target()).isEqualTo("volume claim-0 (files /data: randwrite-4k.0.0 4194304, in pod pod-0)");
        assertThat(PodPrecondition.sections(log)).containsOnlyKeys("precondition-sequential", "precondition-random");
        assertThat(runs.resolve("randomWrite-pod-0-precondition.json")).exists();
    }

    @Test
    void aFillThatFailsEndsThePodWithFiosMessage() throws Exception {
        String broken = "[global]\nrw=write\nbs=1m\n[precondition-sequential]\nsize=4m\nioengine=no-such-engine\n"
                + "directory=${MAYABENCH_DATA}\n";

        ProcessResult result = run(Map.of("precondition-sequential.fio", broken), "precondition-sequential");

        assertThat(result.exit()).isNotZero();
        assertThat(result.out()).contains("no-such-engine").doesNotContain(PodPrecondition.SECTION);
    }

    @Test
    void aPassWhoseOutputIsMissingOrCutIsAnErrorNamingThePodsLog() {
        FioJob measured = job("randwrite-4k");
        PodPrecondition fill = new PodPrecondition(mode("sequential+random"), measured, VolumeMode.FILESYSTEM);
        String cut = PodPrecondition.SECTION + "precondition-sequential ===\n{\"jobs\": [\n";

        assertThatThrownBy(() -> fill.collect(cut, "pod-0", "claim-0", "1Gi", dir, "run-pod-0",
                dir.resolve("run-pod-0.log"))).isInstanceOf(KubeException.class)
                .hasMessageContaining("no output of the preconditioning pass precondition-sequential")
                .hasMessageContaining(dir.resolve("run-pod-0.log").toString());
    }

    @Test
    void theFillsSectionsDoNotDisturbTheMeasuredResultOrTheIntervalLogs() {
        String log = String.join("\n", "mayabench: fio-3.33 on pod", "mayabench: preconditioning, pass p",
                PodPrecondition.SECTION + "precondition-sequential ===", "{\"fio version\" : \"fill\"}",
                PodPrecondition.END, "mayabench: ready, waiting for the start signal",
                PodOutput.LOG_MARKER + "fio_iops.1.log text ===", "1796313453579, 402, 0, 4096, 0",
                FioPod.MARKER, "{\"fio version\" : \"measured\"}");

        PodOutput output = PodOutput.of(log);

        assertThat(output.json()).hasValue("{\"fio version\" : \"measured\"}");
        assertThat(output.intervalLogs()).containsOnlyKeys("fio_iops.1.log");
        assertThat(new String(output.intervalLogs().get("fio_iops.1.log"), StandardCharsets.UTF_8))
                .isEqualTo("1796313453579, 402, 0, 4096, 0\n");
    }

    @Test
    void aJobThatOnlyReadsIsNotPreconditioned() {
        assertThatThrownBy(() -> new PodPrecondition(mode("sequential"), job("randread-4k"), VolumeMode.FILESYSTEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it only reads");
    }

    @Test
    void theWaitForReadyAllowsEveryPassOverTheTargetAtTheSlowestRate() {
        PodPrecondition fill = new PodPrecondition(mode("sequential+random"), job("randwrite-4k"), VolumeMode.BLOCK);

        assertThat(fill.targetBytes("10Gi")).isEqualTo(10L << 30);
        assertThat(fill.allowance("10Gi").toSeconds()).isEqualTo(2 * (10L << 30) / PodPrecondition.SLOWEST_BYTES_PER_SECOND);
    }

    private String runLoop(Map<String, String> jobFiles, String passes) throws Exception {
        ProcessResult result = run(jobFiles, passes);
        assertThat(result.exit()).as(result.out()).isZero();
        return result.out();
    }

    private record ProcessResult(int exit, String out) {
    }

    /** The script's preconditioning loop with the pod's environment pointing into {@link #dir}. */
    private ProcessResult run(Map<String, String> jobFiles, String passes) throws Exception {
        Path job = Files.createDirectories(dir.resolve("job"));
        for (Map.Entry<String, String> file : jobFiles.entrySet()) {
            Files.writeString(job.resolve(file.getKey()), file.getValue());
        }
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(dir.resolve("data"));
        List<String> lines = FioPod.SCRIPT.lines().toList();
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("for pass in")).findFirst().orElseThrow());
        int to = lines.subList(from, lines.size()).indexOf("done") + from;
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "set -eu\n"
                + String.join("\n", lines.subList(from, to + 1))).redirectErrorStream(true);
        builder.environment().put("MAYABENCH_JOB", job.resolve(FioPod.JOB_KEY).toString());
        builder.environment().put("MAYABENCH_RESULTS", results.toString());
        builder.environment().put("MAYABENCH_DATA", dir.resolve("data").toString());
        builder.environment().put(PodPrecondition.PASSES_VARIABLE, passes);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(process.exitValue(), out);
    }
}
