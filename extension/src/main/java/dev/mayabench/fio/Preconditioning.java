package dev.mayabench.fio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What one preconditioning did: which target, how, when, how long it took and how many bytes each fio pass wrote
 * (fio's {@code io_bytes}). Kept in the workspace's {@code state.json} (as JSON in one attribute), so a reused
 * cluster knows its target is filled already, and shown in the report; on Kubernetes one per pod that filled, kept
 * beside the pod's output and on the kept claim ({@code dev.mayabench.kube.PodPrecondition}).
 *
 * <pre>{@code
 * Preconditioning done = Preconditioning.run(Precondition.parse(new SourcedValue("sequential", "test")),
 *         new FioRunner(), job, VolumeMode.BLOCK, Path.of("/dev/loop3"), resultsDir, "randomWrite");
 * done.describe();   // "sequential of device /dev/loop3: 64.0 MiB written at ... in 1.2s (...)"
 * }</pre>
 *
 * @param target      what was filled: {@code device /dev/loop3} or {@code files <dir>: <job>.0.0, ...}
 * @param mode        {@link Precondition#mode()}
 * @param at          when it started
 * @param took        how long all passes took
 * @param targetBytes the size of the target: the device's, or the data files' together
 * @param passes      each fio pass, in order
 */
@API(status = API.Status.EXPERIMENTAL)
public record Preconditioning(String target, String mode, Instant at, Duration took, long targetBytes,
                              List<PassResult> passes) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One fio pass.
     *
     * @param name         {@code precondition-sequential} or {@code precondition-random}
     * @param how          {@code write 1m} or {@code randwrite 4k}
     * @param bytesWritten fio's {@code io_bytes} of the writes
     * @param took         fio's wall-clock time
     * @param output       fio's JSON output
     */
    public record PassResult(String name, String how, long bytesWritten, Duration took, String output) {
    }

    public Preconditioning {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(took, "took");
        passes = List.copyOf(passes);
    }

    /**
     * Runs the passes of {@code precondition} against the target of {@code measured}: the device, or the data
     * files {@code measured} will use in {@code target} (a directory). Each pass leaves
     * {@code <runName>-<pass>.fio/.json/.log} in {@code runDirectory}.
     *
     * @throws IllegalArgumentException when the preconditioning does not apply ({@link Precondition#notApplicableTo})
     */
    public static Preconditioning run(Precondition precondition, FioRunner fio, FioJob measured, VolumeMode mode,
                                      Path target, Path runDirectory, String runName) {
        precondition.notApplicableTo(measured, mode).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        if (!precondition.isOn()) {
            throw new IllegalArgumentException("nothing to run: " + Precondition.SETTING + " is none");
        }
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        List<PassResult> passes = new ArrayList<>();
        for (Precondition.Pass pass : precondition.passes()) {
            String name = runName + "-" + pass.name();
            Path jobFile = runDirectory.toAbsolutePath().normalize().resolve(name + ".source.fio");
            try {
                Files.createDirectories(jobFile.getParent());
                Files.writeString(jobFile, Precondition.jobText(pass, measured, mode));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the preconditioning job " + jobFile, e);
            }
            FioJob job = FioJob.fromJobFile(jobFile.toString(), "preconditioning (" + Precondition.SETTING + " = "
                    + precondition.mode() + ")");
            FioRun run = mode == VolumeMode.BLOCK ? fio.runOnDevice(job, target, runDirectory, name)
                    : fio.run(job, target, runDirectory, name);
            FioResult result = FioResult.parse(run.output());
            passes.add(new PassResult(pass.name(), pass.rw() + " " + pass.bs(), result.write().ioBytes(),
                    run.elapsed(), run.output().toString()));
        }
        long size = mode == VolumeMode.BLOCK ? deviceBytes(target) : Precondition.fileBytes(measured);
        return new Preconditioning(describeTarget(measured, mode, target), precondition.mode(), at,
                Duration.ofNanos(System.nanoTime() - t0), size, passes);
    }

    /**
     * The target's name, which is also its key in the workspace's state: {@code device <real path>}, or
     * {@code files <directory>: <file> <bytes>, ...} (another job, size or numjobs means other files).
     */
    public static String describeTarget(FioJob measured, VolumeMode mode, Path target) {
        if (mode == VolumeMode.BLOCK) {
            return "device " + target.toAbsolutePath().normalize();
        }
        return "files " + target.toAbsolutePath().normalize() + ": " + Precondition.dataFiles(measured).entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * Whether what this record says was filled is still there as it was filled: on files, every data file exists
     * with at least its size (teardown deletes them; fio would lay out a missing one again, unfilled); on a device,
     * that the device still has the size the fill wrote (another device under the same name would differ).
     */
    public boolean stillHolds(FioJob measured, VolumeMode mode, Path target) {
        if (mode == VolumeMode.BLOCK) {
            return deviceBytes(target) == targetBytes;
        }
        for (Map.Entry<String, Long> file : Precondition.dataFiles(measured).entrySet()) {
            Path path = target.resolve(file.getKey());
            try {
                if (!Files.isRegularFile(path) || Files.size(path) < file.getValue()) {
                    return false;
                }
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return true;
    }

    /** A block device's size from {@code /sys/class/block/<name>/size} (512-byte sectors, as lsblk reads it); -1 if unknown. */
    static long deviceBytes(Path device) {
        try {
            Path real = device.toRealPath();
            String sectors = Files.readString(Path.of("/sys/class/block", real.getFileName().toString(), "size")).trim();
            return Long.parseLong(sectors) * 512;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One line for logs, report entries and the report: what, how, when, how long, how much each pass wrote. */
    public String describe() {
        return mode + " of " + target + " (" + FioRunner.bytes(targetBytes) + "): started " + at + ", took "
                + FioRunner.human(took) + " (" + passes.stream().map(p -> p.how() + ": "
                + FioRunner.bytes(p.bytesWritten()) + " in " + FioRunner.human(p.took()))
                .collect(Collectors.joining("; ")) + ")";
    }

    /** As kept in {@code state.json}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a preconditioning record as JSON", e);
        }
    }

    /** A record read back from {@code state.json}; empty when it is not one (written by hand, or another version). */
    public static Optional<Preconditioning> fromJson(String json) {
        try {
            return Optional.of(JSON.readValue(json, Preconditioning.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
