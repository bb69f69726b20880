package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * How the target of a write benchmark is filled before it is measured, so write figures are not those of a device
 * (or a thin volume) that has never been written: {@code @Fio(precondition = "sequential+random")} or
 * {@code -Dmayabench.fio.precondition=sequential+random}. Done once per cluster and target, not per test
 * (see {@code PreconditionStep} in the {@code junit} package); on Kubernetes in each fio pod, once per kept volume
 * of the cluster ({@code dev.mayabench.kube.PodPrecondition}, {@code dev.mayabench.kube.KeptVolumes}).
 *
 * <pre>{@code
 * @Test
 * @Fio(profile = "randwrite-4k", volumeMode = VolumeMode.BLOCK, precondition = "sequential+random")
 * void randomWriteAfterTheFill(FioResult result) { ... }
 * }</pre>
 *
 * <p>The modes:
 * <ul>
 *   <li>{@code none} (the default): nothing.</li>
 *   <li>{@code sequential}: one sequential pass of 1 MiB writes over the whole target: every byte written
 *       once.</li>
 *   <li>{@code sequential+random}: that pass, then one pass of random 4 KiB writes over the whole target, every
 *       block once (fio's random map is on), which leaves an SSD's mapping in the fragmented state a random-write
 *       workload produces.</li>
 * </ul>
 * The shape is fio's own example {@code examples/ssd-steadystate.fio} (axboe/fio: "First we sequentially write the
 * drive. Then we completely overwrite the device again, this time randomly at 4K"; sequential {@code bs=1M
 * iodepth=16}, random {@code bs=4K iodepth=32}), and fio-plot's {@code bench_fio/templates/precondition.fio}
 * ({@code rw=write bs=1m iodepth=64 size=100%}, run once per device unless {@code precondition_repeat}, see
 * {@code bench_fio/benchlib/runfio.py}). Differences, on purpose: the random pass runs one job, not fio's example's
 * {@code numjobs=4}, so it writes the target exactly once ({@code io_bytes} equals the target's size, which the
 * tests check) rather than four times; fio-plot's {@code loops=2} is not copied. The SNIA SSS PTS text itself
 * (workload-independent preconditioning: twice the capacity in 128 KiB sequential writes) could not be read here;
 * it is cited only through these tools, and two passes of one capacity each are what this class does.
 *
 * <p>Only write workloads are preconditioned; for a job that only reads, {@link #notApplicableTo} says why it does
 * not apply (logged and reported like other settings that do not apply, not an error: a class-level
 * {@code @Fio(precondition)} or a suite-wide setting covers read tests too, and failing them would force users to
 * split their configuration).
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Precondition {

    /** The setting's name in errors. */
    public static final String SETTING = "fio.precondition";

    /** One fio pass of a preconditioning: its job name, fio's {@code rw}, {@code bs} and {@code iodepth}. */
    public record Pass(String name, String rw, String bs, int iodepth) {
    }

    static final Pass SEQUENTIAL_PASS = new Pass("precondition-sequential", "write", "1m", 16);
    static final Pass RANDOM_PASS = new Pass("precondition-random", "randwrite", "4k", 32);
    private static final Set<String> WRITING = Set.of("write", "randwrite", "rw", "readwrite", "randrw",
            "trimwrite", "randtrimwrite");
    private static final Map<String, List<Pass>> MODES = Map.of(
            "none", List.of(),
            "sequential", List.of(SEQUENTIAL_PASS),
            "sequential+random", List.of(SEQUENTIAL_PASS, RANDOM_PASS));
    private static final String ALLOWED = "none, sequential or sequential+random";

    private static final Precondition NONE = new Precondition("none", List.of());

    private final String mode;
    private final List<Pass> passes;

    private Precondition(String mode, List<Pass> passes) {
        this.mode = mode;
        this.passes = List.copyOf(passes);
    }

    /** No preconditioning. */
    public static Precondition none() {
        return NONE;
    }

    /**
     * The mode a setting names (case does not matter).
     *
     * @throws ConfigurationException naming the setting's origin, the value, the modes and a fix
     */
    public static Precondition parse(SourcedValue value) {
        String wanted = value.value().trim().toLowerCase(Locale.ROOT).replace(" ", "");
        List<Pass> passes = MODES.get(wanted);
        if (passes == null) {
            String fix = wanted.startsWith("seq") || wanted.equals("fill") || wanted.equals("true")
                    ? "did you mean 'sequential+random' (a sequential fill, then random 4k writes over it) or "
                    + "'sequential'?"
                    : "write precondition = \"sequential+random\" to fill the target before a write benchmark, or "
                    + "\"none\"";
            throw new ConfigurationException(new Problem(value.origin(), value.value(), ALLOWED, fix));
        }
        return passes.isEmpty() ? NONE : new Precondition(wanted, passes);
    }

    /** Whether anything is done. */
    public boolean isOn() {
        return !passes.isEmpty();
    }

    /** {@code none}, {@code sequential} or {@code sequential+random}. */
    public String mode() {
        return mode;
    }

    /** The fio passes, in the order they run. */
    public List<Pass> passes() {
        return passes;
    }

    /**
     * Why this preconditioning does not apply to {@code job} on {@code mode}'s target, or empty when it does.
     * It applies to jobs that write; on files, to jobs whose data files are fio's default ones
     * ({@code <job>.<n>.0} of a plain {@code size}), because those are the files the fill must cover.
     */
    public Optional<String> notApplicableTo(FioJob job, VolumeMode mode) {
        if (!isOn()) {
            return Optional.empty();
        }
        List<Map<String, String>> jobs = job.effectiveJobs();
        boolean writes = jobs.stream().anyMatch(j -> WRITING.contains(j.getOrDefault("rw", "read").trim()));
        if (!writes) {
            return Optional.of(SETTING + " = " + mode() + " does not apply to " + job.name() + ": it only reads (rw="
                    + jobs.get(0).getOrDefault("rw", "read") + "); preconditioning is for write workloads");
        }
        if (mode == VolumeMode.BLOCK) {
            return Optional.empty();
        }
        for (int i = 0; i < jobs.size(); i++) {
            Map<String, String> j = jobs.get(i);
            for (String placement : List.of("filename", "nrfiles", "filesize")) {
                if (j.containsKey(placement) && !(placement.equals("nrfiles") && j.get(placement).trim().equals("1"))) {
                    return Optional.of(SETTING + " = " + mode() + " does not apply to " + job.name() + " on files: "
                            + "its job " + job.jobNames().get(i) + " sets " + placement + "=, so mayabench does not "
                            + "know which files to fill; use fio's default data files (no filename/nrfiles/filesize) "
                            + "or volumeMode BLOCK");
                }
            }
            if (FioSize.bytes(j.get("size"), 1024).isEmpty() || "1000".equals(j.get("kb_base"))) {
                return Optional.of(SETTING + " = " + mode() + " does not apply to " + job.name() + " on files: its job "
                        + job.jobNames().get(i) + " has no plain size (size=" + j.get("size") + "); give it one, e.g. "
                        + "size=1g");
            }
        }
        return Optional.empty();
    }

    /** The data files of {@code job} on files, each {@code <job>.<n>.0} with its size in bytes. */
    static Map<String, Long> dataFiles(FioJob job) {
        Map<String, Long> files = new java.util.LinkedHashMap<>();
        List<Map<String, String>> jobs = job.effectiveJobs();
        for (int i = 0; i < jobs.size(); i++) {
            long size = FioSize.bytes(jobs.get(i).get("size"), 1024).orElseThrow();
            long numjobs = wholeNumber(jobs.get(i).getOrDefault("numjobs", "1"));
            for (int n = 0; n < Math.max(1, numjobs); n++) {
                files.put(job.jobNames().get(i) + "." + n + ".0", size);
            }
        }
        return files;
    }

    private static long wholeNumber(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The fio job file of one pass. On a device it names no size and no file (the runner adds
     * {@code filename=<device>}, and fio then covers the whole device). On files it has one section per job of
     * {@code measured}, with the job's name, {@code numjobs} and {@code size}, so fio writes exactly the data files
     * the measured run will use ({@code <job>.<n>.0}). {@code ioengine} and {@code direct} are the measured job's,
     * so the pass runs wherever the job runs.
     */
    public static String jobText(Pass pass, FioJob measured, VolumeMode mode) {
        List<Map<String, String>> jobs = measured.effectiveJobs();
        Map<String, String> first = jobs.get(0);
        List<String> out = new ArrayList<>();
        out.add("; mayabench preconditioning, pass " + pass.name() + " (" + pass.rw() + " " + pass.bs()
                + "), see dev.mayabench.fio.Precondition");
        out.add("[global]");
        out.add("ioengine=" + first.getOrDefault("ioengine", "libaio"));
        out.add("direct=" + first.getOrDefault("direct", "1"));
        out.add("rw=" + pass.rw());
        out.add("bs=" + pass.bs());
        out.add("iodepth=" + pass.iodepth());
        // a fresh random sequence each time, as fio-plot's template has it (randrepeat=0)
        out.add("randrepeat=0");
        out.add("");
        if (mode == VolumeMode.BLOCK) {
            out.add("[" + pass.name() + "]");
        } else {
            for (int i = 0; i < jobs.size(); i++) {
                out.add("[" + measured.jobNames().get(i) + "]");
                out.add("numjobs=" + jobs.get(i).getOrDefault("numjobs", "1"));
                out.add("size=" + FioSize.bytes(jobs.get(i).get("size"), 1024).orElseThrow());
                if (i > 0) {
                    out.add("stonewall");
                }
                out.add("");
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** The bytes the measured job's data files hold together (on files). */
    public static long fileBytes(FioJob job) {
        return dataFiles(job).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Precondition other && other.mode.equals(mode);
    }

    @Override
    public int hashCode() {
        return mode.hashCode();
    }

    @Override
    public String toString() {
        return mode;
    }
}
