package dev.mayabench.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mayabench.fio.Preconditioning;
import dev.mayabench.provision.WorkloadRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The preconditioning of one pod's volume in one run on Kubernetes: filled now, before this run measured, or already
 * filled by an earlier run of the cluster (its volumes are kept, {@link KeptVolumes}) and not filled again. Kept
 * beside the pod's output as {@code <stem>}{@value #SUFFIX}, one per pod, where {@link #of} finds them.
 *
 * <pre>{@code
 * for (PodPreconditionResult pod : PodPreconditionResult.of(run)) {
 *     pod.describe();  // "done now: sequential of volume mb-bench-1a2b3c4d-0 ..." or
 *                      // "already filled by randomWrite (run mb-randomwrite-0a1b2c) at 2026-...: sequential of ..."
 * }
 * }</pre>
 *
 * @param claim    the kept claim the pod measured
 * @param now      whether this run filled it
 * @param filledBy the run that filled it ({@code randomWrite (run mb-randomwrite-0a1b2c)}), this one when {@code now}
 * @param fill     what that fill did
 */
@API(status = API.Status.INTERNAL)
public record PodPreconditionResult(String claim, boolean now, String filledBy, Preconditioning fill) {

    static final String SUFFIX = "-precondition-result.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PodPreconditionResult {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(filledBy, "filledBy");
        Objects.requireNonNull(fill, "fill");
    }

    /** One line for the report: what was done now, or who filled the volume when. */
    public String describe() {
        return now ? "done now: " + fill.describe()
                : "already filled by " + filledBy + " at " + fill.at() + ", not repeated: " + fill.describe();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pods' results of a run, in the order of its outputs; empty when the run did not precondition.
     *
     * @throws UncheckedIOException when a result that is there cannot be read
     */
    public static List<PodPreconditionResult> of(WorkloadRun run) {
        List<PodPreconditionResult> found = new ArrayList<>();
        for (Path output : run.outputs()) {
            Path file = output.resolveSibling(output.getFileName().toString().replaceAll("\\.json$", "") + SUFFIX);
            if (Files.isRegularFile(file)) {
                try {
                    found.add(JSON.readValue(file.toFile(), PodPreconditionResult.class));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getOriginalMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            }
        }
        return found;
    }
}
