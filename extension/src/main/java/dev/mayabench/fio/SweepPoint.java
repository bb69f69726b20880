package dev.mayabench.fio;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One measured point of a sweep: the parameter values it ran with and fio's result there.
 *
 * <pre>{@code
 * SweepPoint point = sweep.points().get(0);
 * point.parameters();          // {iodepth=1}
 * point.iops();                // read + write IOPS of all jobs
 * point.latency("read", 99.0); // p99 completion latency of the reads
 * }</pre>
 *
 * @param parameters     the swept parameters' values at this point, in sweep order ({@code iodepth=4})
 * @param result         what fio measured
 * @param latencySearches with {@code latencyTarget}: per job, the depth fio's own search settled on; else empty
 */
@API(status = API.Status.EXPERIMENTAL)
public record SweepPoint(Map<String, String> parameters, FioResult result, List<LatencySearch> latencySearches) {

    public SweepPoint {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(result, "result");
        latencySearches = List.copyOf(latencySearches);
    }

    /** A point measured at fixed settings (no latency target). */
    public SweepPoint(Map<String, String> parameters, FioResult result) {
        this(parameters, result, List.of());
    }

    /** {@code iodepth=4, numjobs=2}; {@code (the job as configured)} for a point without parameters. */
    public String label() {
        return label(parameters);
    }

    static String label(Map<String, String> parameters) {
        return parameters.isEmpty() ? "(the job as configured)" : parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Read and write IOPS of all jobs together. */
    public double iops() {
        return result.read().iops() + result.write().iops();
    }

    /** The figures of one direction: {@code read} or {@code write}. */
    public IoStats stats(String direction) {
        return switch (direction) {
            case "read" -> result.read();
            case "write" -> result.write();
            default -> throw new IllegalArgumentException("a direction is read or write, not '" + direction + "'");
        };
    }

    /** The directions that did I/O here, read first. */
    public List<String> directions() {
        return List.of("read", "write").stream().filter(d -> stats(d).totalIos() > 0).toList();
    }

    /**
     * A completion-latency percentile of one direction (fio's {@code clat_ns}, from the merged json+ histograms);
     * empty when that direction did no I/O here.
     */
    public Optional<Duration> latency(String direction, double percentile) {
        IoStats stats = stats(direction);
        return stats.totalIos() == 0 ? Optional.empty() : Optional.of(stats.latencyPercentile(percentile));
    }
}
