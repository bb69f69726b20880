package dev.mayabench.fio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The rules a careful reader applies before trusting a fio figure, checked on every run so that a bad
 * measurement cannot go unnoticed (kbench's README lists them for people to apply by hand; kubestr's default
 * profile breaks the first):
 * <ul>
 *   <li>{@code latency-data}: latency thresholds are asked for, but {@code gtod_reduce} or {@code disable_lat}
 *       / {@code disable_clat} removes the latency data they would be judged by;</li>
 *   <li>{@code cache-risk}: the data on a target is smaller than what the run moved there in its measured
 *       window, so fio went over the same blocks more than once (a time-based run wraps around its files; a random
 *       one starts a new pass over its random map) and any cache that holds the data (page cache, device,
 *       controller or hypervisor cache) serves the repeats. This replaced kbench's "data at least 25 × the
 *       bandwidth per second", which no quick suite can meet on fast storage (51 GiB for a 2 GiB/s read) and so
 *       fired on every run of the project's own suite; see {@link #CACHE_FACTOR};</li>
 *   <li>{@code buffered-io}: {@code direct=0}, so the page cache sits between fio and the storage;</li>
 *   <li>{@code no-ramp}: {@code ramp_time} is 0, so start-up effects (empty queues, cold caches) are measured
 *       too;</li>
 *   <li>{@code busy-cpu}: with {@code --idle-prof}, the CPUs were less than 20% idle, so latencies include
 *       waiting for a CPU;</li>
 *   <li>{@code spread}: over repeated runs a figure's coefficient of variation is above 10%;</li>
 *   <li>{@code faster-than-local-disk}: on Kubernetes, a direction's IOPS or bandwidth is more than 5% above what
 *       the same job measured on a node's local disk (when that was measured): reads served by a cache, or
 *       writes acknowledged before they are durable;</li>
 *   <li>{@code no-steady-state}: a job asked for steady state ({@code @Fio(steadyState)}) and fio never saw it
 *       within the runtime, so its figures were still moving;</li>
 *   <li>{@code pods-not-overlapping}: on Kubernetes, the pods' interval logs show that they measured together for
 *       less than 90% of the run (one started or ended late), so the sums are not what they did together.</li>
 * </ul>
 * A finding is a warning in the report; with {@code mayabench.strict=true} it fails the test.
 *
 * <pre>{@code
 * List<Guardrails.Finding> findings = Guardrails.check(job, result, true);
 * findings.forEach(f -> System.out.println(f.id() + ": " + f.message()));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Guardrails {

    /**
     * How many times the data must cover what a run moves: 1, each block at most once in the measured window.
     * Calibrated on the development machine (virtio disk, direct I/O, 2026-12-03): sequential reads of 256 MiB,
     * 1, 4 and 16 GiB of data measured 876, 806, 674 and 849 MiB/s, random 4k reads of 4 × 64 MiB to 4 × 1 GiB
     * 63-65k IOPS: the data size did not change the figures while blocks were not repeated, whereas a 256 MiB
     * sequential read that wrapped around its file 40 times in 5 s measured 2.0 GiB/s, served by a cache. The
     * earlier factor, kbench's 25 seconds of bandwidth, flagged every one of these.
     */
    static final int CACHE_FACTOR = 1;
    /** Below this idleness (percent, from {@code --idle-prof}) the CPU, not the storage, shapes the latencies. */
    static final double BUSY_CPU_IDLENESS = 20.0;
    /** Above this coefficient of variation over repeated runs a figure is too noisy to judge by one run. */
    static final double MAX_SPREAD = 0.10;
    /** Above this ratio to the local disk's figure a result is faster than the disk, not noise. */
    static final double LOCAL_DISK_MARGIN = 1.05;

    private Guardrails() {
    }

    /**
     * One broken rule.
     *
     * @param id      a short stable name ({@code cache-risk}, ...), used as the report's tag
     * @param message what was found, why it matters and how to fix it
     */
    public record Finding(String id, String message) {
    }

    /**
     * Checks a run.
     *
     * @param job                     the job that ran
     * @param result                  what it measured
     * @param latencyThresholdsAsked whether the test judges latencies (mean or percentiles)
     */
    public static List<Finding> check(FioJob job, FioResult result, boolean latencyThresholdsAsked) {
        List<Finding> findings = new ArrayList<>();
        // fio's cpuio engine burns CPU and does no I/O: the I/O rules do not apply to such a job
        List<Map<String, String>> jobs = job.effectiveJobs().stream()
                .filter(j -> !"cpuio".equals(trimmed(j.get("ioengine")))).toList();
        if (latencyThresholdsAsked) {
            for (String option : List.of("gtod_reduce", "disable_lat", "disable_clat")) {
                if (jobs.stream().anyMatch(j -> on(j.get(option)))) {
                    findings.add(new Finding("latency-data", option + "=1 is set, which removes the latency data "
                            + "the latency thresholds are judged by; remove " + option + " from the job"));
                }
            }
        }
        // bytesPerTarget is one target's data; the result sums every target (pod) of a Kubernetes run
        int targets = Math.max(1, result.pods().size());
        long moved = (result.read().ioBytes() + result.write().ioBytes()) / targets;
        OptionalLong data = job.bytesPerTarget();
        if (data.isPresent() && moved > 0 && data.getAsLong() < (double) CACHE_FACTOR * moved) {
            double bytesPerSecond = (result.read().bandwidthKiB() + result.write().bandwidthKiB()) * 1024.0 / targets;
            double passes = (double) moved / Math.max(1, data.getAsLong());
            findings.add(new Finding("cache-risk", String.format(Locale.ROOT, "the job's data (%s) is smaller than "
                    + "what the run moved in its measured window (%s at %s/s), so fio went over the same blocks "
                    + "%.1f times and a cache that holds the data can serve the repeats: the figures may be the "
                    + "cache's; raise size so the data (size × numjobs) is at least %s, or shorten runtime",
                    bytes(data.getAsLong()), bytes(moved), bytes((long) bytesPerSecond), passes,
                    bytes((long) Math.ceil((double) CACHE_FACTOR * moved)))));
        }
        // fio's own spelling "buffered=0" means the same as direct=1
        if (jobs.stream().anyMatch(j -> !on(j.get("direct")) && !"0".equals(trimmed(j.get("buffered"))))) {
            findings.add(new Finding("buffered-io", "direct=0: the page cache sits between fio and the storage, so "
                    + "the figures mix memory and storage speed; set direct = 1"));
        }
        result.cpuIdleness().filter(idle -> idle < BUSY_CPU_IDLENESS).ifPresent(idle -> findings.add(new Finding(
                "busy-cpu", String.format(Locale.ROOT, "the CPUs were only %.1f%% idle during the run", idle)
                + ": latencies include waiting for a CPU, not only for the storage; use fewer jobs or a bigger "
                + "machine")));
        result.repeats().ifPresent(repeats -> repeats.figures().stream().filter(f -> f.cv() > MAX_SPREAD)
                .forEach(f -> findings.add(new Finding("spread", String.format(Locale.ROOT, "%s varied by %.1f%% "
                        + "(coefficient of variation) over %d runs, from %.1f to %.1f: a threshold within that "
                        + "spread passes or fails by chance; run longer, add ramp time, or quiet the machine",
                        f.figure(), f.cv() * 100, repeats.runs(), f.min(), f.max())))));
        result.localDisk().ifPresent(local -> {
            fasterThanLocal("read", result.read(), local.result().read(), local.storageClass(),
                    "a cache answered the reads, so the figures are the cache's, not the storage's")
                    .ifPresent(findings::add);
            fasterThanLocal("write", result.write(), local.result().write(), local.storageClass(),
                    "writes were acknowledged before they were durable (a write cache, or replicas not synced), "
                    + "so a crash may lose acknowledged data").ifPresent(findings::add);
        });
        if (jobs.stream().anyMatch(j -> zero(j.get("ramp_time")))) {
            findings.add(new Finding("no-ramp", "ramp_time is 0: start-up (empty queues, cold caches, a write cache "
                    + "still absorbing) is measured with the steady state; set rampTime = \"2s\" or more (the "
                    + "profiles' default; more for network storage)"));
        }
        result.jobs().forEach(j -> j.steadyState().filter(ss -> !ss.attained()).ifPresent(ss -> findings.add(
                new Finding("no-steady-state", SteadyStateCheck.notAttained(j, ss)))));
        PodTimelines.overlap(result.podRun()).ifPresent(message -> findings.add(new Finding("pods-not-overlapping",
                message)));
        return List.copyOf(findings);
    }

    private static java.util.Optional<Finding> fasterThanLocal(String direction, IoStats here, IoStats local,
                                                               String localClass, String meaning) {
        if (here.ioBytes() == 0 || local.ioBytes() == 0) {
            return java.util.Optional.empty();
        }
        boolean iops = here.iops() > local.iops() * LOCAL_DISK_MARGIN;
        boolean bandwidth = here.bandwidthKiB() > local.bandwidthKiB() * LOCAL_DISK_MARGIN;
        if (!iops && !bandwidth) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding("faster-than-local-disk", String.format(Locale.ROOT,
                "%s: %.0f IOPS, %.1f MiB/s, above the %.0f IOPS, %.1f MiB/s the same job measured on a node's local "
                        + "disk (StorageClass %s): %s; make the data larger than every cache, or check the "
                        + "volume's write cache and sync settings", direction, here.iops(), here.bandwidthKiB() / 1024.0,
                local.iops(), local.bandwidthKiB() / 1024.0, localClass, meaning)));
    }

    private static boolean on(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static boolean zero(String value) {
        if (value == null) {
            return true;
        }
        return FioTime.parse(value).map(d -> d.isZero()).orElse(false);
    }

    private static String bytes(long bytes) {
        double value = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }
}
