package dev.mayabench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs the test's {@link Fio} job once per value of one or two parameters and hands the test a
 * {@link dev.mayabench.fio.SweepResult}: the points, the throughput–latency curve per direction, its knee, and
 * the question users ask, "how many IOPS at most while p99 stays within 1 ms?".
 *
 * <pre>{@code
 * import static dev.mayabench.assertj.FioAssertions.assertThat;
 * import static dev.mayabench.fio.SweepResult.whereP99AtMost;
 *
 * @Test
 * @Fio(profile = "randread-4k", runtime = "10s", numjobs = 1)
 * @FioSweep(iodepth = {1, 2, 4, 8, 16, 32, 64})
 * void depthCurve(SweepResult sweep) {
 *     assertThat(sweep).maxIops(whereP99AtMost(Duration.ofMillis(1))).isAtLeast(100_000);
 * }
 * }</pre>
 *
 * Two parameters run their cartesian product, the first in the order {@code iodepth, numjobs, bs, rwmixread}
 * outermost: {@code @FioSweep(iodepth = {1, 8, 32}, numjobs = {1, 4})} runs six points. No parameter, more than
 * two, or a value {@code @Fio} would refuse ({@code iodepth = 0}, {@code bs = "4q"}) fails the test before fio
 * runs, naming each problem; so does a swept {@code bs} larger than the job's {@code size}, which fio would refuse
 * only when that point runs. A point fio fails anyway ends the sweep with fio's message, naming the point. Each point is a full run of the job (its {@code ramp_time} and {@code runtime}), an
 * Allure step of its own with the usual attachments; the sweep adds a table and a throughput–latency chart. The
 * {@code @Fio} job may be a profile or a job file; {@code @Fio(repeat)} and {@code @Fio(expect)} do not combine
 * with a sweep (assert on the {@code SweepResult} instead). A swept parameter's values win over the same attribute
 * of {@code @Fio} and over {@code mayabench.fio.*}. On Kubernetes each point runs one pod per volume, like a single
 * {@code @Fio} run, and its result merges them. The attributes of {@code @FioSweep} are annotation-only: there is
 * no {@code mayabench.*} setting for them.
 *
 * <h2>Sweep or latency target</h2>
 * {@link #latencyTarget()} asks fio itself to search, within one run, for the deepest queue (up to the job's
 * {@code iodepth}) that keeps {@link #latencyPercentile()} of the I/Os within the target, judged over
 * {@link #latencyWindow()} at a time ({@link dev.mayabench.fio.LatencyTarget}); each point's
 * {@code latencySearches()} says which depth fio found. The two answer different questions:
 * <ul>
 *   <li>a <b>sweep</b> measures fixed depths, each for the whole runtime, and draws the curve: you see how latency
 *       grows with load and where the knee is, and {@code maxIops(whereP99AtMost(...))} picks from measured
 *       points only (its answer is as fine as the values you list);</li>
 *   <li><b>latency target</b> adapts the depth during one run and gives one figure, the depth fio settled on and
 *       what it measured there; it finds depths between the ones you would list, but its answer depends on the
 *       window (few I/Os per window make it wander), judges total rather than completion latency, and needs a
 *       runtime long enough to settle (about two windows per halving of {@code iodepth}).</li>
 * </ul>
 * Without parameters, {@code @FioSweep(latencyTarget = "1ms", latencyWindow = "1s")} is a single search; with
 * parameters, fio searches at every point (for instance once per block size). The depths are read from fio's
 * output file of the point; with several pods on Kubernetes, from each pod's own output: each pod's fio searches on
 * its own, against its own volume, so each pod has its own depth ({@link dev.mayabench.fio.LatencySearch#pod()}).
 *
 * <h2>Results CI systems read</h2>
 * Every point is in the suite's {@code summary.csv} / {@code summary.jsonl} like a plain {@code @Fio} test's run,
 * one row per job and direction, its parameters in the {@code point} column ({@code iodepth=16},
 * {@code iodepth=8,numjobs=2}; {@code latency_target=1ms} for a search without parameters), written as soon as the
 * point is measured (verdict {@code pending}) and again with the sweep test's outcome. Each point also publishes
 * report entries, {@code mayabench.sweep.<point>.read.iops} and the rest of a plain test's figures after
 * {@code mayabench.sweep.<point>.}, and with a latency target {@code mayabench.sweep.<point>.latency_depth.<job>}
 * and {@code .latency_settled.<job>}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MayabenchExtension.class)
// like @Fio (see its "Parallel execution"), also when @FioSweep stands alone; held through both annotations it is one
// lock: JUnit's LockManager.toDistinctSortedResources drops the duplicate (junit-platform-engine 1.12.1 bytecode)
@ResourceLock(Fio.RESOURCE)
@API(status = API.Status.EXPERIMENTAL)
public @interface FioSweep {

    /** fio {@code iodepth} values, e.g. {@code {1, 2, 4, 8, 16, 32, 64}}. */
    int[] iodepth() default {};

    /** fio {@code numjobs} values, e.g. {@code {1, 2, 4}}. */
    int[] numjobs() default {};

    /** fio {@code bs} values, e.g. {@code {"4k", "16k", "64k"}}. */
    String[] bs() default {};

    /** fio {@code rwmixread} values (percent reads), for a job that mixes reads and writes, e.g. {@code {0, 50, 100}}. */
    int[] rwmixread() default {};

    /** The completion-latency percentile the curve and the knee use; p99 unless set. */
    double percentile() default 99.0;

    /** fio {@code latency_target}, a fio time such as {@code "1ms"}: let fio search the depth that keeps it. */
    String latencyTarget() default "";

    /**
     * fio {@code latency_percentile}: the share of a window's I/Os that must meet the target. At 100 (fio's own
     * default) fio fails the job as soon as one I/O misses the target at depth 1, so the default here is 99.
     */
    double latencyPercentile() default 99.0;

    /** fio {@code latency_window}, a fio time such as {@code "1s"}; required with a target (fio has no default). */
    String latencyWindow() default "";
}
