package dev.mayabench.assertj;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Timeline;
import dev.mayabench.stage.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions over a run's {@link Timeline}: a figure in every interval, not just over the whole run, so a stall or
 * a latency spike of a few seconds fails the test. An empty timeline fails every check (there is nothing to vouch
 * for), it never passes one.
 *
 * <pre>{@code
 * assertThat(result).timeline().p99().isAtMostEverywhere(Duration.ofMillis(5));
 * assertThat(result).timeline().iops().neverBelow(0.5).ofMedian();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class TimelineAssert extends AbstractAssert<TimelineAssert, Timeline> {

    private final FioResult result;

    TimelineAssert(Timeline actual, FioResult result) {
        super(actual, TimelineAssert.class);
        this.result = result;
    }

    /** Asserts that at least one interval was recorded. */
    public TimelineAssert isNotEmpty() {
        isNotNull();
        if (actual.isEmpty()) {
            throw failure("%nExpecting the timeline of%n  %s%nnot to be empty, but %s", where(), whyEmpty());
        }
        return this;
    }

    /** The p99 completion latency of every interval and direction. */
    public LatencyOverTime p99() {
        return percentile(99);
    }

    /** A completion-latency percentile (e.g. 99.9) of every interval and direction. */
    public LatencyOverTime percentile(double percentile) {
        isNotEmpty();
        return new LatencyOverTime(percentile);
    }

    /** The IOPS of every interval, all directions together. */
    public IopsOverTime iops() {
        isNotEmpty();
        return new IopsOverTime();
    }

    private String where() {
        return IoStatsAssert.where(result);
    }

    private String whyEmpty() {
        if (actual.whyEmpty().isPresent()) {
            return "it is: " + actual.whyEmpty().get();
        }
        return "it is: fio's interval logs (<run>_iops.<n>.log, <run>_clat_hist.<n>.log) are not beside "
                + result.savedAt().map(Object::toString).orElse("the result (it was not read from a file)")
                + "; they are recorded by runs on the local provider since issue 16";
    }

    private static String percentileName(double p) {
        return "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
    }

    /** A latency percentile over time; see {@link TimelineAssert#p99()}. */
    @API(status = API.Status.EXPERIMENTAL)
    public final class LatencyOverTime {

        private final double percentile;

        private LatencyOverTime(double percentile) {
            this.percentile = percentile;
        }

        /**
         * Asserts that in no interval, of any direction, the percentile is above {@code max}. Intervals in which no
         * I/O of a direction completed have no latency to judge; {@link IopsOverTime#neverBelow} catches those.
         */
        public TimelineAssert isAtMostEverywhere(Duration max) {
            List<String> over = new ArrayList<>();
            int judged = 0;
            for (Timeline.Interval interval : actual.all()) {
                var value = interval.percentile(percentile);
                if (value.isEmpty()) {
                    continue;
                }
                judged++;
                if (value.get().compareTo(max) > 0) {
                    over.add(interval.direction() + " at " + Durations.human(interval.start()) + ": "
                            + Durations.latency(value.get()));
                }
            }
            String name = percentileName(percentile);
            if (judged == 0) {
                throw failure("%nExpecting the %s latency of every interval of%n  %s%nto be at most %s, but no "
                        + "interval has a completed I/O to judge", name, where(), Durations.latency(max));
            }
            if (!over.isEmpty()) {
                throw failure("%nExpecting the %s latency of every interval of%n  %s%nto be at most %s, but "
                                + "interval %s; %d of %d intervals are above:%n  %s", name, where(),
                        Durations.latency(max), over.get(0), over.size(), judged, String.join("\n  ", over));
            }
            return TimelineAssert.this;
        }
    }

    /** IOPS over time; see {@link TimelineAssert#iops()}. */
    @API(status = API.Status.EXPERIMENTAL)
    public final class IopsOverTime {

        private IopsOverTime() {
        }

        /**
         * Starts the check that no interval's IOPS falls below {@code fraction} of a reference, named next:
         * {@code neverBelow(0.5).ofMedian()}.
         *
         * @param fraction between 0 and 1: 0.5 is half
         */
        public Fraction neverBelow(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("neverBelow(" + fraction + "): the fraction must be in (0, 1], "
                        + "e.g. neverBelow(0.5).ofMedian() for half the median IOPS");
            }
            return new Fraction(fraction);
        }
    }

    /** The second half of {@code neverBelow(fraction).ofMedian()}. */
    @API(status = API.Status.EXPERIMENTAL)
    public final class Fraction {

        private final double fraction;

        private Fraction(double fraction) {
            this.fraction = fraction;
        }

        /** Asserts that no interval's total IOPS is below the fraction of the median interval's IOPS. */
        public TimelineAssert ofMedian() {
            Map<Duration, Double> total = actual.totalIops();
            List<Double> sorted = total.values().stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            double floor = fraction * median;
            List<String> below = new ArrayList<>();
            total.forEach((start, iops) -> {
                if (iops < floor) {
                    below.add(Durations.human(start) + ": " + Math.round(iops) + " IOPS");
                }
            });
            if (!below.isEmpty()) {
                throw failure("%nExpecting the IOPS of every interval of%n  %s%nto be at least %s%% of the median "
                                + "(%s IOPS of %s), but interval %s; %d of %d intervals are below:%n  %s", where(),
                        String.format(Locale.ROOT, "%.0f", fraction * 100), Math.round(floor), Math.round(median),
                        below.get(0), below.size(), n, String.join("\n  ", below));
            }
            return TimelineAssert.this;
        }
    }
}
