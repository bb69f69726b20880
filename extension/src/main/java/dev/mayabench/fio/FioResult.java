package dev.mayabench.fio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The parsed output of one fio run (or of several runs over the same window, {@link #merge}d): every job,
 * and the aggregate of all jobs per direction.
 *
 * <pre>{@code
 * FioResult result = FioResult.parse(Path.of("target/mayabench/results/MyBenchmark/randomRead.json"));
 * result.read().iops();                          // sum over jobs
 * result.read().latencyPercentile(99.0);         // from the merged json+ histograms
 * result.jobs().get(0).write().bandwidthKiB();
 * }</pre>
 *
 * Accepts fio's {@code --output-format=json} and {@code json+}, per-job and {@code group_reporting} output,
 * custom {@code percentile_list}, text before the JSON (fio's notes), and {@code fio --client} output, whose
 * jobs are the clients' jobs ({@link JobResult#hostname()} set); fio's own "All clients" entry is left out
 * because it has no histogram: the aggregate is computed from the clients like any other.
 * Aggregates: IOPS, bandwidth and bytes summed; mean latency weighted by I/O count; percentiles from the
 * merged json+ histograms with fio's rule, never averaged.
 */
@API(status = API.Status.STABLE)
public final class FioResult {

    private final String fioVersion;
    private final List<JobResult> jobs;
    private final IoStats read;
    private final IoStats write;
    private final String profile;
    private final Path savedAt;
    private final Double cpuIdleness;
    private final FioResult baseline;
    private final RepeatStatistics repeats;
    private final LocalDiskReference localDisk;
    /**
     * For a result of several pods: each pod's saved JSON output, beside which are its interval logs, read once and
     * shared by the merged result and each pod's.
     */
    private final PodTimelines.Run podRun;
    /** Read from the interval logs beside {@link #savedAt} on first use; a result is immutable, so once is enough. */
    private volatile Timeline timeline;

    private FioResult(String fioVersion, List<JobResult> jobs, String profile, Path savedAt, Double cpuIdleness) {
        this(fioVersion, jobs, profile, savedAt, cpuIdleness, null, null);
    }

    private FioResult(String fioVersion, List<JobResult> jobs, String profile, Path savedAt, Double cpuIdleness,
                      FioResult baseline, RepeatStatistics repeats) {
        this(fioVersion, jobs, profile, savedAt, cpuIdleness, baseline, repeats, null);
    }

    private FioResult(String fioVersion, List<JobResult> jobs, String profile, Path savedAt, Double cpuIdleness,
                      FioResult baseline, RepeatStatistics repeats, LocalDiskReference localDisk) {
        this(fioVersion, jobs, profile, savedAt, cpuIdleness, baseline, repeats, localDisk,
                PodTimelines.Run.of(Map.of()));
    }

    private FioResult(String fioVersion, List<JobResult> jobs, String profile, Path savedAt, Double cpuIdleness,
                      FioResult baseline, RepeatStatistics repeats, LocalDiskReference localDisk,
                      PodTimelines.Run podRun) {
        this.podRun = podRun;
        this.localDisk = localDisk;
        this.baseline = baseline;
        this.repeats = repeats;
        this.cpuIdleness = cpuIdleness;
        this.fioVersion = fioVersion;
        this.jobs = List.copyOf(jobs);
        String scope = jobs.size() == 1 ? jobs.get(0).name() : "all " + jobs.size() + " jobs";
        this.read = IoStats.aggregate("read", scope, jobs.stream().map(JobResult::read).toList());
        this.write = IoStats.aggregate("write", scope, jobs.stream().map(JobResult::write).toList());
        this.profile = profile;
        this.savedAt = savedAt;
    }

    /** Parses fio's output from a file. */
    public static FioResult parse(Path json) {
        Objects.requireNonNull(json, "json");
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new FioOutputException("fio's output file " + json + " does not exist (did fio run?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fio's output " + json + ": " + e.getMessage(), e);
        }
        try {
            return parse(text).withOrigin(null, json);
        } catch (FioOutputException e) {
            throw new FioOutputException(json + ": " + e.getMessage(), e);
        }
    }

    /** Parses fio's output from text. */
    public static FioResult parse(String output) {
        FioOutputReader.Parsed parsed = new FioOutputReader(output).read();
        return new FioResult(parsed.fioVersion(), parsed.jobs(), null, null, parsed.cpuIdleness().orElse(null));
    }

    /**
     * Several results measured over the same window (one per pod or per fio process) as one: jobs of all of
     * them, in order; the aggregate over all jobs. Parts that are pods ({@link #ranOn}) with a saved output keep
     * their interval logs: the merged {@link #timeline()} sums them per interval on one time axis.
     */
    public static FioResult merge(List<FioResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: no fio results");
        }
        List<JobResult> jobs = new ArrayList<>();
        parts.forEach(p -> jobs.addAll(p.jobs));
        FioResult first = parts.get(0);
        // the busiest machine decides whether latencies are suspect
        Double idleness = parts.stream().allMatch(p -> p.cpuIdleness != null)
                ? parts.stream().mapToDouble(p -> p.cpuIdleness).min().orElseThrow() : null;
        Map<String, Path> outputs = new LinkedHashMap<>();
        parts.forEach(p -> outputs.putAll(p.podRun.outputs()));
        return new FioResult(first.fioVersion, jobs, first.profile, first.savedAt, idleness, null, null, null,
                PodTimelines.Run.of(outputs));
    }

    /**
     * The same result, with every job marked as run on {@code host} (a pod's name), unless fio named the host
     * itself ({@code --client} output). Merged results keep it, so {@link #pods()} can split them again.
     */
    public FioResult ranOn(String host) {
        Objects.requireNonNull(host, "host");
        List<JobResult> marked = jobs.stream().map(j -> j.hostname().isPresent() ? j
                : new JobResult(j.name(), Optional.of(host), j.read(), j.write(), j.cpu(), j.steadyState())).toList();
        return new FioResult(fioVersion, marked, profile, savedAt, cpuIdleness, baseline, repeats, localDisk,
                PodTimelines.Run.of(savedAt == null ? Map.of() : Map.of(host, savedAt)));
    }

    /**
     * The result of each pod (each fio server, for {@code --client} output), by name, in the order they ran:
     * the aggregate of that pod's jobs. Empty for a single local fio process.
     *
     * <pre>{@code
     * result.pods().forEach((pod, r) -> System.out.println(pod + ": " + r.read().iops()));
     * }</pre>
     */
    public Map<String, FioResult> pods() {
        Map<String, List<JobResult>> byHost = new LinkedHashMap<>();
        for (JobResult job : jobs) {
            job.hostname().ifPresent(h -> byHost.computeIfAbsent(h, k -> new ArrayList<>()).add(job));
        }
        Map<String, FioResult> pods = new LinkedHashMap<>();
        // each pod's result keeps where every pod's output is, so its timeline is on the time axis of the whole run
        byHost.forEach((host, hostJobs) -> pods.put(host, new FioResult(fioVersion, hostJobs, profile,
                podRun.outputs().getOrDefault(host, savedAt), null, null, null, null, podRun)));
        return Collections.unmodifiableMap(pods);
    }

    /** The same result, remembering which profile produced it and where its output is saved (for messages). */
    public FioResult withOrigin(String profile, Path savedAt) {
        return new FioResult(fioVersion, jobs, profile, savedAt, cpuIdleness, baseline, repeats, localDisk,
                podRun);
    }

    /** The same result, with the stored baseline it is to be compared with. */
    public FioResult withBaseline(FioResult stored) {
        return new FioResult(fioVersion, jobs, profile, savedAt, cpuIdleness, stored, repeats, localDisk, podRun);
    }

    /** The same result (one of repeated runs), with the spread of all the runs. */
    public FioResult withRepeats(RepeatStatistics statistics) {
        return new FioResult(fioVersion, jobs, profile, savedAt, cpuIdleness, baseline, statistics, localDisk,
                podRun);
    }

    /**
     * For a run chosen from repeated runs ({@code @Fio(repeat = N)}, the median by IOPS): how much every figure
     * varied over all of them.
     */
    public Optional<RepeatStatistics> repeats() {
        return Optional.ofNullable(repeats);
    }

    /**
     * The same result, with what the same job measured on a node's local disk (a local StorageClass such as
     * {@code local-path}), for the {@code faster-than-local-disk} guardrail.
     */
    public FioResult withLocalDisk(LocalDiskReference reference) {
        return new FioResult(fioVersion, jobs, profile, savedAt, cpuIdleness, baseline, repeats, reference,
                podRun);
    }

    /**
     * What the same job measured on a node's local disk, when that was measured (on Kubernetes, by a run on a
     * local StorageClass); a result faster than it comes from a cache, or from writes not yet durable.
     */
    public Optional<LocalDiskReference> localDisk() {
        return Optional.ofNullable(localDisk);
    }

    /**
     * The baseline of the test this result belongs to, when the extension found one
     * ({@code <baseline.dir>/<class>/<test>.json}); see {@code FioResultAssert.isNotWorseThanBaseline}.
     */
    public Optional<FioResult> baseline() {
        return Optional.ofNullable(baseline);
    }

    /**
     * How idle the CPUs were during the run, percent, when it was measured with {@code --idle-prof}
     * ({@code @Fio(idleProf = "system")}); for several machines, the least idle one.
     */
    public Optional<Double> cpuIdleness() {
        return Optional.ofNullable(cpuIdleness);
    }

    /** The CPU all jobs used together (percent of one CPU, summed over the jobs). */
    public CpuUsage cpu() {
        return CpuUsage.sum(jobs.stream().map(JobResult::cpu).toList());
    }

    /** Every job, in fio's order. */
    public List<JobResult> jobs() {
        return jobs;
    }

    /** The job with this {@code jobname}; the first of that name when numjobs cloned it. */
    public JobResult job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no fio job named '" + name + "'; the jobs are "
                        + jobs.stream().map(JobResult::name).distinct().toList()));
    }

    /** Read figures over all jobs. */
    public IoStats read() {
        return read;
    }

    /** Write figures over all jobs. */
    public IoStats write() {
        return write;
    }

    /** fio's version as it wrote it, e.g. {@code fio-3.33}. */
    public String fioVersion() {
        return fioVersion;
    }

    /** The profile (or job file name) that produced this result, when known. */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    /** Where fio's output of this result is saved, when known. */
    public Optional<Path> savedAt() {
        return Optional.ofNullable(savedAt);
    }

    /**
     * The results over time, from fio's interval logs beside the saved output ({@link Timeline#besideOutput}):
     * IOPS and bandwidth summed across jobs per interval, percentiles from the summed histogram bins. For a result
     * of several pods, summed across the jobs of all pods on one time axis (from the earliest pod's start), and
     * {@code result.pods().get(pod).timeline()} is that pod's alone on the same axis. Empty when there are no logs
     * (a result stored before they were recorded, a baseline), or when a pod of the run brought none back.
     *
     * <pre>{@code
     * result.timeline().write().forEach(second -> System.out.println(second));
     * result.pods().forEach((pod, r) -> System.out.println(pod + ": " + r.timeline().read()));
     * }</pre>
     */
    @API(status = API.Status.EXPERIMENTAL)
    public Timeline timeline() {
        Timeline read = timeline;
        if (read == null) {
            Map<String, FioResult> pods = pods();
            read = podRun.outputs().size() > 1 ? PodTimelines.timeline(podRun, pods.keySet())
                    : savedAt == null || pods.size() > 1 ? Timeline.empty() : Timeline.besideOutput(savedAt);
            timeline = read;
        }
        return read;
    }

    /** For a result of several pods: each pod's saved JSON output and their logs, read once; no pods otherwise. */
    PodTimelines.Run podRun() {
        return podRun;
    }

    @Override
    public String toString() {
        return "FioResult[" + profile().orElse("fio") + ", " + jobs.size() + " job(s), " + read + "; " + write
                + savedAt().map(p -> ", saved at " + p).orElse("") + "]";
    }
}
