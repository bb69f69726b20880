package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fio.FioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * With JUnit's parallel execution switched on (methods and classes concurrent), {@code @Fio} tests never run fio at
 * the same time, while other tests still run in parallel. Real fio; each run's window is from its job file being
 * written (just before fio starts) to fio's own {@code timestamp_ms} (when it wrote its report).
 */
class ParallelExecutionTest {

    static final Map<String, Path> OUTPUTS = new ConcurrentHashMap<>();
    /** Both plain tests must be inside it at once, or it times out: proof they ran in parallel. */
    static final CyclicBarrier PLAIN_TESTS_TOGETHER = new CyclicBarrier(2);

    @MayastorCluster(name = "parallel")
    static class MethodsWithFio {
        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0)
        void first(FioResult result) {
            OUTPUTS.put("first", result.savedAt().orElseThrow());
        }

        @Test
        @Fio(profile = "randwrite-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0)
        void second(FioResult result) {
            OUTPUTS.put("second", result.savedAt().orElseThrow());
        }

        @Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0)
        void third(FioResult result) {
            OUTPUTS.put("third", result.savedAt().orElseThrow());
        }

        @Test
        void plainOne() throws Exception {
            PLAIN_TESTS_TOGETHER.await(30, TimeUnit.SECONDS);
        }

        @Test
        void plainTwo() throws Exception {
            PLAIN_TESTS_TOGETHER.await(30, TimeUnit.SECONDS);
        }
    }

    @MayastorCluster(name = "parallel")
    @Fio(profile = "seqwrite-128k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0)
    static class ClassWithFio {
        @Test
        void fourth(FioResult result) {
            OUTPUTS.put("fourth", result.savedAt().orElseThrow());
        }

        @Test
        void fifth(FioResult result) {
            OUTPUTS.put("fifth", result.savedAt().orElseThrow());
        }
    }

    record Window(String test, long startMs, long endMs) {
    }

    @Test
    void fioRunsOfAParallelSuiteNeverOverlapWhileOtherTestsStillRunInParallel() throws Exception {
        OUTPUTS.clear();
        PLAIN_TESTS_TOGETHER.reset();

        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6")
                .selectors(selectClass(MethodsWithFio.class), selectClass(ClassWithFio.class))
                .execute().testEvents()
                .assertStatistics(s -> s.succeeded(7).failed(0));

        assertThat(OUTPUTS).hasSize(5);
        List<Window> windows = new ArrayList<>();
        for (Map.Entry<String, Path> e : OUTPUTS.entrySet()) {
            windows.add(window(e.getKey(), e.getValue()));
        }
        windows.sort(Comparator.comparingLong(Window::startMs));
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).startMs()).as("%s started before %s ended: %s", windows.get(i).test(),
                    windows.get(i - 1).test(), windows).isGreaterThanOrEqualTo(windows.get(i - 1).endMs());
        }
    }

    /** From the job file's last write (just before fio starts) to fio's own report time. */
    private static Window window(String test, Path json) throws IOException {
        long start = Files.getLastModifiedTime(json.resolveSibling(json.getFileName().toString()
                .replaceFirst("\\.json$", ".fio"))).toMillis();
        String text = Files.readString(json);
        long end = new ObjectMapper().readTree(text.substring(text.indexOf('{'))).get("timestamp_ms").asLong();
        return new Window(test, start, end);
    }
}
