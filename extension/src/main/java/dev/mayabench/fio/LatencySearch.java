package dev.mayabench.fio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What fio's latency-target search ({@link LatencyTarget}) found for one job, as fio reports it in its JSON
 * (axboe/fio stat.c {@code show_thread_status_json}: {@code latency_depth}, {@code latency_target} in ns,
 * {@code latency_percentile}, {@code latency_window} in µs; fio 3.33 writes these four, later versions add
 * {@code latency_target_ns} and {@code latency_window_us}).
 *
 * <pre>{@code
 * LatencySearch search = sweep.points().get(0).latencySearches().get(0);
 * search.depth();     // 3: the deepest queue that kept p99 within the target
 * search.settled();   // whether fio ended the search before the runtime ran out
 * }</pre>
 *
 * @param job        fio's jobname
 * @param depth      the queue depth fio ran at when the job ended ({@code latency_depth})
 * @param target     the target fio applied
 * @param percentile the percentile fio applied
 * @param window     the window fio applied
 * @param settled    whether fio ended the job before its runtime: it does so only after the depth stopped changing
 *                   and one more window ran at it (io_u.c {@code lat_target_success}, {@code td->done = 1}). When
 *                   false the runtime ran out mid-search: {@code depth} is where the search was, and the figures mix
 *                   the depths it tried; give a longer runtime or a shorter window
 * @param pod        the pod whose fio searched, on Kubernetes (each pod's fio searches on its own, against its own
 *                   volume, so each has its own depth); empty for a local run
 */
@API(status = API.Status.EXPERIMENTAL)
public record LatencySearch(String job, int depth, Duration target, double percentile, Duration window,
                            boolean settled, Optional<String> pod) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LatencySearch {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(pod, "pod");
    }

    /** A search of a local fio run (no pod). */
    public LatencySearch(String job, int depth, Duration target, double percentile, Duration window,
                         boolean settled) {
        this(job, depth, target, percentile, window, settled, Optional.empty());
    }

    /**
     * The searches of every job of a run, every pod's: for a run of several pods, each pod's own output file
     * ({@link FioResult#pods()}), in the order the pods ran, each search naming its pod; else the run's output file.
     * Empty when the result has no saved output.
     *
     * @param planned as for {@link #read(Path, Duration)}
     */
    public static List<LatencySearch> read(FioResult result, Duration planned) {
        Map<String, FioResult> pods = result.pods();
        if (pods.isEmpty()) {
            return result.savedAt().map(path -> read(path, planned)).orElse(List.of());
        }
        List<LatencySearch> searches = new ArrayList<>();
        // fio --client output has all servers in one file: it is read once, each search named by its server
        Set<Path> seen = new HashSet<>();
        pods.forEach((pod, podResult) -> podResult.savedAt().filter(seen::add).ifPresent(path -> read(path, planned)
                .forEach(s -> searches.add(s.pod().isPresent() ? s : new LatencySearch(s.job(), s.depth(), s.target(),
                        s.percentile(), s.window(), s.settled(), Optional.of(pod))))));
        return List.copyOf(searches);
    }

    /**
     * The searches of every job in fio's output file (jobs without a latency target are left out).
     *
     * @param planned how long the job was set to run ({@code ramp_time + runtime}): a job whose {@code elapsed}
     *                (whole seconds) is shorter ended because the search settled
     */
    public static List<LatencySearch> read(Path json, Duration planned) {
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fio's output " + json + ": " + e.getMessage(), e);
        }
        // fio may print notes before the JSON; like FioOutputReader, the JSON starts at the first line opening with {
        int start = -1;
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("{")) {
                start = offset + line.length() - line.stripLeading().length();
                break;
            }
            offset += line.length() + 1;
        }
        if (start < 0) {
            throw new FioOutputException(json + " holds no JSON object: expected fio --output-format=json+");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(start));
        } catch (IOException e) {
            throw new FioOutputException(json + ": fio's output is not valid JSON: " + e.getMessage(), e);
        }
        List<LatencySearch> searches = new ArrayList<>();
        JsonNode jobs = root.has("client_stats") ? root.path("client_stats") : root.path("jobs");
        for (JsonNode job : jobs) {
            // fio writes the four fields only when the job had a latency target (stat.c: if (ts->latency_depth))
            if (!job.has("latency_depth") || job.path("latency_target").asLong() == 0) {
                continue;
            }
            searches.add(new LatencySearch(job.path("jobname").asText(), job.path("latency_depth").asInt(),
                    Duration.ofNanos(job.path("latency_target").asLong()), job.path("latency_percentile").asDouble(),
                    Duration.ofNanos(job.path("latency_window").asLong() * 1000),
                    job.path("elapsed").asLong(Long.MAX_VALUE) < planned.toSeconds(),
                    // --client output names each job's server (as FioOutputReader reads it)
                    Optional.ofNullable(job.hasNonNull("hostname") ? job.get("hostname").asText() : null)));
        }
        return List.copyOf(searches);
    }

    /** {@code randread-4k: depth 3 (settled) for p99 <= 1.000 ms}, {@code randread-4k @ fio-0: ...} in a pod. */
    @Override
    public String toString() {
        return job + pod.map(p -> " @ " + p).orElse("") + ": depth " + depth
                + (settled ? " (settled)" : " (not settled: the runtime ran out mid-search)")
                + " for p" + IoStats.format(percentile) + " <= " + dev.mayabench.stage.Durations.latency(target);
    }
}
