package dev.mayabench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.mayabench.fio.VolumeMode;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs fio before the annotated test and hands the parsed {@link dev.mayabench.fio.FioResult} to it.
 *
 * <p>On a method it applies to that test; on a class it applies to every test of the class, and a method's
 * own {@code @Fio} overrides the class's attribute by attribute. A job starts from a named {@link #profile()}
 * (or a user's {@link #jobFile()}); every other attribute overrides one fio option. Unset attributes
 * (empty string, {@link #UNSET}) keep the profile's value, unless {@code mayabench.fio.*} settings override it.
 *
 * <pre>{@code
 * @Test
 * @Fio(profile = "randwrite-4k", runtime = "30s", iodepth = 32)
 * void randomWriteKeepsUp(FioResult result) {
 *     assertThat(result).write().hasIopsAtLeast(20_000);
 * }
 * }</pre>
 *
 * Profiles: {@code randread-4k}, {@code randwrite-4k}, {@code randrw-4k}, {@code seqread-128k},
 * {@code seqwrite-128k}, {@code playground}.
 *
 * <p><b>Parallel execution.</b> {@code @Fio} is meta-annotated with {@code @ResourceLock(}{@value #RESOURCE}{@code )},
 * so with JUnit's parallel execution on, no two {@code @Fio} tests (or classes, when {@code @Fio} is on the class) of
 * one JVM run at the same time, while every other test still runs in parallel. The lock is one for all fio runs, not
 * one per target: the local provider measures this machine, and two fio runs on different directories still share
 * its CPUs, memory bandwidth and, usually, its disk, so each would report figures the other disturbed. Concurrent
 * load is asked for inside one run ({@code numjobs}, or {@code volumes} on Kubernetes), where fio reports it as one
 * measurement. Across JVMs the local provider's workspace lock does the same. {@link MayastorCluster} carries no lock:
 * setting a cluster up runs no fio, and a lock there would serialise every test of its classes.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MayabenchExtension.class)
// JUnit reads it through @Fio: ExclusiveResourceCollector uses AnnotationSupport.findRepeatableAnnotations, which
// finds meta-present annotations (junit-jupiter-engine 5.13.4 and 6.1.3, checked in their bytecode).
@ResourceLock(Fio.RESOURCE)
@API(status = API.Status.STABLE)
public @interface Fio {

    /** The default of the number attributes, meaning "not written here" ({@code -1} written by hand is checked). */
    int UNSET = Integer.MIN_VALUE;

    /** The exclusive resource every {@code @Fio} test holds while it runs (see "Parallel execution" above). */
    String RESOURCE = "dev.mayabench.fio";

    /** Named job profile; default {@code randread-4k} (or {@code mayabench.fio.profile}). */
    String profile() default "";

    /** fio {@code rw}: read, write, randread, randwrite, rw, randrw, ... */
    String rw() default "";

    /** fio {@code bs}, e.g. {@code 4k}, {@code 128k}. */
    String bs() default "";

    /** fio {@code iodepth}. */
    int iodepth() default UNSET;

    /** fio {@code numjobs}. */
    int numjobs() default UNSET;

    /** fio {@code runtime} in fio's time format, e.g. {@code 30s}, {@code 2m}. */
    String runtime() default "";

    /** fio {@code ramp_time}: warm-up excluded from the figures, e.g. {@code 5s}. */
    String rampTime() default "";

    /** fio {@code size} per job, e.g. {@code 1g}. */
    String size() default "";

    /** fio {@code rwmixread}: percentage of reads in a mixed workload. */
    int rwmixread() default UNSET;

    /** fio {@code ioengine}, e.g. {@code libaio}, {@code io_uring}, {@code psync}. */
    String ioengine() default "";

    /** fio {@code direct}: {@code 1} bypasses the page cache, {@code 0} does not. */
    int direct() default UNSET;

    /** A fio job file (classpath resource or path) used instead of a profile. */
    String jobFile() default "";

    /** How many times to run the job; each run is saved and reported. */
    int repeat() default UNSET;

    /**
     * Files in a filesystem (the default) or a raw block device: on the local provider the device named by
     * {@code mayabench.local.device}, which is overwritten. {@code DEFAULT} means: from the class-level
     * {@code @Fio} or {@code mayabench.fio.volumeMode}, else {@code FILESYSTEM}.
     */
    VolumeMode volumeMode() default VolumeMode.DEFAULT;

    /**
     * fio's CPU idleness profiling ({@code --idle-prof}): {@code "system"} or {@code "percpu"}. fio calibrates
     * an idle loop first (about a second), then reports how idle the CPUs were; the result has it as
     * {@code cpuIdleness()}, and a busy CPU is a guardrail finding because it makes latencies suspect.
     */
    String idleProf() default "";

    /**
     * fio's steady-state criterion ({@code steadystate}, alias {@code ss}): {@code metric:limit}, the metric one
     * of {@code iops}, {@code iops_slope}, {@code bw}, {@code bw_slope}, the limit a percentage of the window's
     * mean ({@code "iops_slope:0.3%"}) or a plain number. Needs {@link #steadyStateDuration()}. fio stops a job as
     * soon as it is steady, so {@code runtime} becomes the upper bound; a job that never gets steady is the
     * {@code no-steady-state} guardrail finding. The result has it as {@code job(name).steadyState()}.
     */
    String steadyState() default "";

    /** fio's {@code ss_dur}: the rolling window judged, whole seconds, at least 2 ({@code "60s"}). */
    String steadyStateDuration() default "";

    /** fio's {@code ss_ramp}: how long a job runs before fio starts collecting steady-state samples ({@code "10s"}). */
    String steadyStateRamp() default "";

    /**
     * Fills the target before the first measured write run, once per cluster and target, not per test:
     * {@code "sequential"} (1 MiB sequential writes over the whole device or data files) or
     * {@code "sequential+random"} (then random 4 KiB writes over all of it, as fio's {@code ssd-steadystate.fio});
     * {@code "none"} by default. See {@link dev.mayabench.fio.Precondition}; a job that only reads is not filled.
     */
    String precondition() default "";

    /**
     * The interval of the time-series logs behind {@code result.timeline()} and the over-time thresholds: a fio
     * time from {@code 100ms} ({@code "500ms"}, {@code "1s"}, the default), or {@code "off"} for no interval logs
     * (the timeline is then empty, and assertions over time fail saying so).
     */
    String logInterval() default "";

    /**
     * Thresholds the run must meet, checked after the test and reported together as a table (each with its
     * measured figure); any that fails fails the test. Written like {@code "read.iops >= 200k"},
     * {@code "read.p99 < 2ms"}, {@code "write.p99.9 <= 5ms"}, {@code "read.bw >= 1GiB/s"},
     * {@code "job[deep].read.mean < 500us"}; see {@link dev.mayabench.fio.Threshold}. A class-level {@code @Fio}'s
     * thresholds apply to every test, a method's are added to them. A malformed expression fails the class before
     * anything runs.
     */
    String[] expect() default {};
}
