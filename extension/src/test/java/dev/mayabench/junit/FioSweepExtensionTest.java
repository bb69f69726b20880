package dev.mayabench.junit;

import static dev.mayabench.fio.SweepResult.whereP99AtMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.assertj.FioAssertions;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.LatencyBound;
import dev.mayabench.fio.SweepPoint;
import dev.mayabench.fio.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code @FioSweep} through the real Jupiter engine, with real fio runs on the local provider. */
class FioSweepExtensionTest {

    static final Map<String, SweepResult> SWEEPS = new ConcurrentHashMap<>();
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void forget() {
        SWEEPS.clear();
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @MayastorCluster(name = "sweep")
    static class DepthSweep {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "16m", numjobs = 1)
        @FioSweep(iodepth = {1, 4, 16})
        void depths(SweepResult sweep) {
            SWEEPS.put("depths", sweep);
            FioAssertions.assertThat(sweep).maxIops(whereP99AtMost(Duration.ofSeconds(10))).isAtLeast(1);
        }
    }

    @Test
    void aSweepOverIodepthRunsOnePointPerValueAtTheDepthFioReports() throws Exception {
        run(DepthSweep.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        SweepResult sweep = SWEEPS.get("depths");
        assertThat(sweep.points()).extracting(SweepPoint::label)
                .containsExactly("iodepth=1", "iodepth=4", "iodepth=16");
        for (SweepPoint point : sweep.points()) {
            Path output = point.result().savedAt().orElseThrow();
            assertThat(output.getFileName().toString()).isEqualTo("depths-iodepth" + point.parameters()
                    .get("iodepth") + ".json");
            String text = Files.readString(output);
            JsonNode root = JSON.readTree(text.substring(text.indexOf('{')));
            // what fio ran with, and the queue depth it really kept: most I/Os were submitted at that depth
            assertThat(root.path("global options").path("iodepth").asText())
                    .isEqualTo(point.parameters().get("iodepth"));
            assertThat(busiestDepthBucket(root.path("jobs").get(0).path("iodepth_level")))
                    .as("fio's iodepth_level of %s", point.label()).isEqualTo(point.parameters().get("iodepth"));
        }
        Path results = Locations.resultsRoot().resolve(Locations.fileName(DepthSweep.class.getName()));
        assertThat(results.resolve("depths-sweep.svg")).content().contains("<title>throughput–latency (p99)")
                .contains("iodepth=1; iodepth=4; iodepth=16");
        assertThat(results.resolve("depths-sweep.png")).isNotEmptyFile();
    }

    @Test
    void maxIopsUnderABoundPicksTheMeasuredPointAFilterOfTheCurveWouldPick() {
        run(DepthSweep.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        SweepResult sweep = SWEEPS.get("depths");

        // the bound is the p99 of the deepest point: every point at or under it counts, the most IOPS wins
        Duration bound = sweep.points().get(2).latency("read", 99.0).orElseThrow();
        SweepPoint expected = sweep.points().stream()
                .filter(p -> p.latency("read", 99.0).orElseThrow().compareTo(bound) <= 0)
                .max(Comparator.comparingDouble(p -> p.result().read().iops())).orElseThrow();
        assertThat(sweep.maxIops(new LatencyBound(99.0, bound))).containsSame(expected);
        // and under the smallest p99 measured, only points that fast count
        Duration tightest = sweep.points().stream().map(p -> p.latency("read", 99.0).orElseThrow())
                .min(Comparator.naturalOrder()).orElseThrow();
        assertThat(sweep.maxIops(whereP99AtMost(tightest))).get()
                .satisfies(p -> assertThat(p.latency("read", 99.0)).contains(tightest));
    }

    /** The label of fio's iodepth_level bucket that holds the most submissions ("1", "2", "4", ... ">=64"). */
    static String busiestDepthBucket(JsonNode levels) {
        String busiest = null;
        double most = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = levels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> level = it.next();
            if (level.getValue().asDouble() > most) {
                most = level.getValue().asDouble();
                busiest = level.getKey();
            }
        }
        return busiest;
    }

    @MayastorCluster(name = "sweep")
    static class BadValue {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "16m")
        @FioSweep(iodepth = {1, 0}, bs = {"4k", "4q"})
        void bad(SweepResult sweep) {
            SWEEPS.put("bad", sweep);
        }
    }

    @Test
    void valuesFioMustNotGetFailTheTestBeforeAnyPointRunsNamingEach() {
        Path results = Locations.resultsRoot().resolve(Locations.fileName(BadValue.class.getName()));

        run(BadValue.class).allEvents().assertThatEvents().haveExactly(1, event(test("bad"),
                finishedWithFailure(instanceOf(ConfigurationException.class),
                        message(m -> m.contains("@FioSweep(iodepth[1]) on BadValue#bad = '0'")
                                && m.contains("a whole number from 1 to 4096")
                                && m.contains("@FioSweep(bs[1]) on BadValue#bad = '4q'")))));
        assertThat(SWEEPS).doesNotContainKey("bad");
        assertThat(results.resolve("bad-iodepth1-bs4k.json")).doesNotExist();
    }

    @MayastorCluster(name = "sweep")
    static class FioRefusesAPoint {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "0s", size = "16m", numjobs = 1)
        @FioSweep(bs = {"4k", "1000"})          // direct I/O of 1000 bytes: the kernel answers EINVAL
        void oddBlock(SweepResult sweep) {
            SWEEPS.put("odd", sweep);
        }
    }

    @Test
    void aPointFioFailsFailsTheTestNamingThePointWithFiosOwnWords() {
        run(FioRefusesAPoint.class).allEvents().assertThatEvents().haveExactly(1, event(test("oddBlock"),
                finishedWithFailure(instanceOf(dev.mayabench.fio.FioFailedException.class),
                        message(m -> m.contains("sweep point 2 of 2: bs=1000 failed, after 1 point(s) measured")
                                && m.contains("Invalid argument")))));
        assertThat(SWEEPS).doesNotContainKey("odd");
    }

    @MayastorCluster(name = "sweep")
    static class NothingToSweep {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "16m", repeat = 2)
        @FioSweep
        void nothing(SweepResult sweep) {
            SWEEPS.put("nothing", sweep);
        }
    }

    @Test
    void aSweepWithoutParametersOrWithRepeatIsRefusedWithTheFix() {
        run(NothingToSweep.class).allEvents().assertThatEvents().haveExactly(1, event(test("nothing"),
                finishedWithFailure(instanceOf(ConfigurationException.class),
                        message(m -> m.contains("one or two of iodepth, numjobs, bs, rwmixread")
                                && m.contains("write e.g. @FioSweep(iodepth = {1, 4, 16})")
                                && m.contains("@Fio(repeat) = '2' (from on NothingToSweep#nothing)")))));
        assertThat(SWEEPS).doesNotContainKey("nothing");
    }

    @MayastorCluster(name = "sweep")
    static class LatencyTargetSearch {
        @Test
        @Fio(profile = "randread-4k", runtime = "8s", rampTime = "0s", size = "16m", numjobs = 1, iodepth = 4)
        @FioSweep(latencyTarget = "1s", latencyWindow = "200ms")
        void search(SweepResult sweep) {
            SWEEPS.put("search", sweep);
        }
    }

    @Test
    void aLatencyTargetWithoutParametersIsOneRunInWhichFioSearchesTheDepth() {
        run(LatencyTargetSearch.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        SweepResult sweep = SWEEPS.get("search");
        assertThat(sweep.points()).singleElement().satisfies(point -> {
            assertThat(point.parameters()).isEmpty();
            // a 1 s target is met at every depth: fio climbs to the job's iodepth, settles, and ends the job early
            assertThat(point.latencySearches()).singleElement().satisfies(s -> {
                assertThat(s.depth()).isEqualTo(4);
                assertThat(s.settled()).isTrue();
            });
            assertThat(point.result().read().runtime()).isLessThan(Duration.ofSeconds(4));
        });
        assertThat(sweep.table()).contains("fio's depth 4");
    }
}
