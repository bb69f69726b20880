package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.IoStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The figures CI systems read: report entries on each fio test, and the suite's {@code summary.jsonl} and
 * {@code summary.csv}, read back with Jackson and compared with the {@link FioResult} the test got. Real fio on
 * the local provider.
 */
class SuiteSummaryTest {

    static final List<String> COLUMNS = List.of("run_id", "timestamp", "test", "job", "direction", "iops",
            "bw_mib_s", "lat_mean_us", "lat_p50_us", "lat_p99_us", "lat_p99_9_us", "cpu_usr_pct", "cpu_sys_pct",
            "guardrails", "thresholds_passed", "thresholds_failed", "verdict", "provider", "cluster",
            "fio_version", "host", "point", "clone", "pod", "latency_depth", "latency_settled");

    static final Map<String, FioResult> RESULTS = new ConcurrentHashMap<>();

    @TempDir
    Path results;

    @BeforeEach
    void resultsIntoTemporaryDirectory() {
        RESULTS.clear();
        System.setProperty("mayabench.results.dir", results.toString());
    }

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.results.dir");
    }

    /** Two jobs, both directions, one threshold that passes and one that fails; direct=0 breaks buffered-io. */
    @MayastorCluster(name = "suite-summary")
    static class MixedTwoJobs {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randrw-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 2, expect = {"read.iops > 1", "write.iops >= 1000M"})
        void mixed(FioResult result) {
            RESULTS.put("mixed", result);
        }
    }

    @Test
    void eachJobAndDirectionOfAFioTestIsOneRowInJsonLinesAndCsvWithTheFiguresOfItsResult() throws IOException {
        Instant before = Instant.now();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(MixedTwoJobs.class)).execute().testEvents()
                .assertStatistics(s -> s.started(1).failed(1)); // write.iops >= 1000M fails, after the rows are out
        FioResult result = RESULTS.get("mixed");
        assertThat(result).isNotNull();

        assertThat(Files.readAllLines(results.resolve(SuiteSummary.CSV)).get(0)).isEqualTo(String.join(",", COLUMNS));
        List<Map<String, String>> csv = readCsv(results.resolve(SuiteSummary.CSV));
        List<Map<String, Object>> json = readJsonLines(results.resolve(SuiteSummary.JSON_LINES));
        // 2 jobs x read, write, then all jobs x read, write; first pending (fio ended), then failed (test ended)
        assertThat(csv).hasSize(12);
        assertThat(json).hasSize(12);
        for (int i = 0; i < json.size(); i++) {
            assertThat(json.get(i)).containsOnlyKeys(COLUMNS);
            assertThat(csv.get(i).keySet()).containsExactlyElementsOf(COLUMNS);
            for (String column : COLUMNS) {
                Object value = json.get(i).get(column);
                assertThat(csv.get(i).get(column)).as("row %d %s", i, column)
                        .isEqualTo(value == null ? "" : value.toString());
            }
        }
        assertThat(csv).extracting(r -> r.get("job") + " " + r.get("direction") + " " + r.get("verdict"))
                .containsExactly("randrw-4k read pending", "randrw-4k write pending", "randrw-4k read pending",
                        "randrw-4k write pending", "all jobs read pending", "all jobs write pending",
                        "randrw-4k read failed", "randrw-4k write failed", "randrw-4k read failed",
                        "randrw-4k write failed", "all jobs read failed", "all jobs write failed");
        for (int i = 0; i < 6; i++) {
            Map<String, String> pending = new java.util.HashMap<>(csv.get(i));
            Map<String, String> concluded = new java.util.HashMap<>(csv.get(i + 6));
            assertThat(Instant.parse(concluded.get("timestamp"))).isAfterOrEqualTo(Instant.parse(pending.get(
                    "timestamp")));
            for (String differs : List.of("timestamp", "verdict")) {
                pending.remove(differs);
                concluded.remove(differs);
            }
            assertThat(concluded).as("row %d and its concluded row", i).isEqualTo(pending);
        }

        Map<String, String> allRead = csv.get(4);
        Map<String, String> allWrite = csv.get(5);
        assertFigures(allRead, result.read());
        assertFigures(allWrite, result.write());
        assertFigures(csv.get(0), result.jobs().get(0).read());
        assertFigures(csv.get(3), result.jobs().get(1).write());
        assertThat(Double.parseDouble(allRead.get("cpu_usr_pct"))).isEqualTo(result.cpu().user());
        assertThat(Double.parseDouble(allRead.get("cpu_sys_pct"))).isEqualTo(result.cpu().system());
        assertThat(Double.parseDouble(csv.get(1).get("cpu_usr_pct"))).isEqualTo(result.jobs().get(0).cpu().user());

        for (Map<String, String> row : csv) {
            assertThat(row.get("test")).isEqualTo(MixedTwoJobs.class.getName() + "#mixed");
            assertThat(row.get("guardrails").split(" ")).contains("buffered-io");
            assertThat(row.get("thresholds_passed")).isEqualTo("1");
            assertThat(row.get("thresholds_failed")).isEqualTo("1");
            assertThat(row.get("provider")).isEqualTo("local");
            assertThat(row.get("cluster")).isEqualTo("suite-summary");
            assertThat(row.get("fio_version")).isEqualTo(result.fioVersion()).startsWith("fio-");
            assertThat(row.get("host")).isNotBlank();
            assertThat(row.get("run_id")).isEqualTo(SuiteSummary.RUN_ID);
            assertThat(Instant.parse(row.get("timestamp"))).isBetween(before.minusMillis(1), Instant.now());
            // not a sweep, no latency target, no pods
            assertThat(row.get("point")).isEmpty();
            assertThat(row.get("pod")).isEmpty();
            assertThat(row.get("latency_depth")).isEmpty();
            assertThat(row.get("latency_settled")).isEmpty();
        }
        // numjobs = 2 without group_reporting: fio reports two entries named randrw-4k; the clone tells them apart
        assertThat(csv.subList(0, 6)).extracting(r -> r.get("job") + " " + r.get("clone") + " " + r.get("direction"))
                .doesNotHaveDuplicates()
                .containsExactly("randrw-4k 1 read", "randrw-4k 1 write", "randrw-4k 2 read", "randrw-4k 2 write",
                        "all jobs  read", "all jobs  write");
        assertThat(json.get(4).get("clone")).isNull();
        assertThat(json.get(2).get("clone")).isEqualTo(2);
    }

    /** No thresholds: only the body decides. Each body first reads what the summary already holds of it. */
    @MayastorCluster(name = "suite-summary")
    @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, numjobs = 1)
    static class BodiesDecide {
        static final Map<String, List<String>> SEEN_BY_BODY = new ConcurrentHashMap<>();

        static void seen(String test) {
            try {
                SEEN_BY_BODY.put(test, readJsonLines(Path.of(System.getProperty("mayabench.results.dir"))
                        .resolve(SuiteSummary.JSON_LINES)).stream().filter(r -> r.get("test").toString()
                        .endsWith("#" + test)).map(r -> (String) r.get("verdict")).toList());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @org.junit.jupiter.api.Test
        void holds(FioResult result) {
            seen("holds");
            assertThat(result.read().iops()).isPositive();
        }

        @org.junit.jupiter.api.Test
        void assertsTooMuch(FioResult result) {
            seen("assertsTooMuch");
            assertThat(result.read().iops()).as("read IOPS").isGreaterThan(1e12);
        }

        @org.junit.jupiter.api.Test
        void givesUp(FioResult result) {
            seen("givesUp");
            org.junit.jupiter.api.Assumptions.abort("not on this machine");
        }
    }

    @Test
    void theVerdictIsTheTestsOutcomeAsJUnitSeesItIncludingTheBodysOwnAssertions() throws IOException {
        BodiesDecide.SEEN_BY_BODY.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(BodiesDecide.class)).execute().testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(1).aborted(1));

        Map<String, List<String>> verdicts = new java.util.TreeMap<>();
        for (Map<String, Object> row : readJsonLines(results.resolve(SuiteSummary.JSON_LINES))) {
            String test = row.get("test").toString();
            verdicts.computeIfAbsent(test.substring(test.indexOf('#') + 1), t -> new ArrayList<>())
                    .add((String) row.get("verdict"));
            assertThat(row.get("thresholds_failed")).isEqualTo(0);
        }
        assertThat(verdicts).containsExactly(Map.entry("assertsTooMuch", List.of("pending", "failed")),
                Map.entry("givesUp", List.of("pending", "aborted")), Map.entry("holds", List.of("pending", "passed")));
        assertThat(readCsv(results.resolve(SuiteSummary.CSV))).extracting(r -> r.get("verdict"))
                .containsExactlyInAnyOrder("pending", "pending", "pending", "failed", "aborted", "passed");
        // the figures were on disk before each body ran, so a run killed in the body (or later) keeps them
        assertThat(BodiesDecide.SEEN_BY_BODY).containsOnlyKeys("holds", "assertsTooMuch", "givesUp")
                .allSatisfy((test, seen) -> assertThat(seen).as(test).containsExactly("pending"));
    }

    /** The body passes; the clean-up after it fails, so JUnit fails the test. */
    @MayastorCluster(name = "suite-summary")
    static class CleanUpFails {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, numjobs = 1)
        void measures(FioResult result) {
        }

        @AfterEach
        void cleanUp() {
            throw new IllegalStateException("clean-up failed");
        }
    }

    @Test
    void aFailingAfterEachAfterAPassingBodyMakesTheVerdictFailed() throws IOException {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(CleanUpFails.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(1));

        assertThat(readJsonLines(results.resolve(SuiteSummary.JSON_LINES))).extracting(r -> r.get("verdict"))
                .containsExactly("pending", "failed");
    }

    /** A test without @Fio in a mayabench class measured nothing, so it has no rows, whatever its outcome. */
    @MayastorCluster(name = "suite-summary")
    static class NoFio {
        @org.junit.jupiter.api.Test
        void fails() {
            throw new AssertionError("no fio here");
        }
    }

    @Test
    void aTestWithoutAFioRunWritesNoRows() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoFio.class)).execute().testEvents()
                .assertStatistics(s -> s.failed(1));

        assertThat(results.resolve(SuiteSummary.JSON_LINES)).doesNotExist();
    }

    static void assertFigures(Map<String, String> row, IoStats stats) {
        assertThat(Double.parseDouble(row.get("iops"))).isEqualTo(stats.iops());
        assertThat(Double.parseDouble(row.get("bw_mib_s"))).isEqualTo(stats.bandwidthKiB() / 1024.0);
        assertThat(Double.parseDouble(row.get("lat_mean_us"))).isEqualTo(stats.meanLatency().toNanos() / 1000.0);
        assertThat(Double.parseDouble(row.get("lat_p50_us")))
                .isEqualTo(stats.latencyPercentile(50.0).toNanos() / 1000.0);
        assertThat(Double.parseDouble(row.get("lat_p99_us")))
                .isEqualTo(stats.latencyPercentile(99.0).toNanos() / 1000.0);
        assertThat(Double.parseDouble(row.get("lat_p99_9_us")))
                .isEqualTo(stats.latencyPercentile(99.9).toNanos() / 1000.0);
        assertThat(stats.iops()).isPositive();
    }

    @Test
    void theTestsKeyFiguresArePublishedAsReportEntries() {
        EngineExecutionResults run = EngineTestKit.engine("junit-jupiter").selectors(selectClass(MixedTwoJobs.class))
                .execute();
        FioResult result = RESULTS.get("mixed");
        Map<String, String> entry = run.allEvents().reportingEntryPublished().stream().map(Event::getPayload)
                .flatMap(java.util.Optional::stream).map(p -> ((ReportEntry) p).getKeyValuePairs())
                .filter(pairs -> pairs.containsKey("mayabench.read.iops")).findFirst().orElseThrow();

        assertThat(entry).containsOnlyKeys("mayabench.read.iops", "mayabench.read.bw_mib_s",
                "mayabench.read.lat_mean_us", "mayabench.read.lat_p50_us", "mayabench.read.lat_p99_us",
                "mayabench.read.lat_p99_9_us", "mayabench.write.iops", "mayabench.write.bw_mib_s",
                "mayabench.write.lat_mean_us", "mayabench.write.lat_p50_us", "mayabench.write.lat_p99_us",
                "mayabench.write.lat_p99_9_us", "mayabench.cpu.usr_pct", "mayabench.cpu.sys_pct");
        assertThat(Double.parseDouble(entry.get("mayabench.read.iops"))).isCloseTo(result.read().iops(), within(5e-4));
        assertThat(Double.parseDouble(entry.get("mayabench.write.lat_p99_us")))
                .isCloseTo(result.write().latencyPercentile(99.0).toNanos() / 1000.0, within(5e-4));
        assertThat(entry.get("mayabench.read.bw_mib_s"))
                .isEqualTo(String.format(Locale.ROOT, "%.3f", result.read().bandwidthKiB() / 1024.0));
    }

    @MayastorCluster(name = "suite-summary")
    static class ParallelOne {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, numjobs = 1)
        void a() {
        }

        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, numjobs = 1)
        void b() {
        }
    }

    @MayastorCluster(name = "suite-summary")
    @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, numjobs = 1)
    static class ParallelTwo {
        @org.junit.jupiter.api.Test
        void c() {
        }

        @org.junit.jupiter.api.Test
        void d() {
        }
    }

    @Test
    void testClassesRunInParallelEachWriteTheirCompleteRowsIntoTheOneSummary() throws IOException {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(ParallelOne.class), selectClass(ParallelTwo.class))
                .execute().testEvents().assertStatistics(s -> s.succeeded(4).failed(0));

        List<Map<String, Object>> json = readJsonLines(results.resolve(SuiteSummary.JSON_LINES));
        List<Map<String, String>> csv = readCsv(results.resolve(SuiteSummary.CSV));
        List<String> tests = new ArrayList<>();
        for (String test : List.of(ParallelOne.class.getName() + "#a", ParallelOne.class.getName() + "#b",
                ParallelTwo.class.getName() + "#c", ParallelTwo.class.getName() + "#d")) {
            tests.add(test + " pending");
            tests.add(test + " passed");
        }
        assertThat(json).extracting(r -> r.get("test") + " " + r.get("verdict")).containsExactlyInAnyOrderElementsOf(
                tests);
        assertThat(csv).extracting(r -> r.get("test"))
                .containsExactlyElementsOf(json.stream().map(r -> (String) r.get("test")).toList());
        assertThat(Files.readString(results.resolve(SuiteSummary.CSV))).containsOnlyOnce("run_id,");
    }

    /** Many rows from many threads at once: every line complete, none lost, one header. */
    @Test
    void concurrentAppendsInOneJvmLoseAndInterleaveNothing() throws Exception {
        int threads = 8;
        int batches = 25;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (int b = 0; b < batches; b++) {
                        SuiteSummary.append(results, List.of(row("t" + thread + "-b" + b, "read"),
                                row("t" + thread + "-b" + b, "write")));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, Object>> json = readJsonLines(results.resolve(SuiteSummary.JSON_LINES));
        List<Map<String, String>> csv = readCsv(results.resolve(SuiteSummary.CSV));
        assertThat(json).hasSize(threads * batches * 2);
        assertThat(csv).hasSize(threads * batches * 2);
        assertThat(csv).allSatisfy(r -> assertThat(r.get("host")).isEqualTo("h"));
        assertThat(json).extracting(r -> r.get("test") + " " + r.get("direction")).doesNotHaveDuplicates();
        assertThat(Files.readString(results.resolve(SuiteSummary.CSV))).containsOnlyOnce("run_id,");
    }

    /**
     * Another process (another Surefire fork) holds the file lock while it writes a row in two halves; a row
     * appended meanwhile waits for it, so both rows stay whole. python3's fcntl.lockf takes the same POSIX
     * record lock as the JDK's FileChannel.lock on Linux.
     */
    @Test
    void aRowWaitsForAnotherProcessThatHoldsTheFileLock() throws Exception {
        Path file = results.resolve(SuiteSummary.JSON_LINES);
        // loaded and warmed first (Jackson, the host name), so the append below surely starts inside python's lock
        SuiteSummary.append(results.resolve("warm-up"), List.of(row("warm-up", "read")));
        String script = String.join("\n",
                "import fcntl, sys, time",
                "f = open(sys.argv[1], 'a')",
                "fcntl.lockf(f, fcntl.LOCK_EX)",
                "f.write('{\"test\": \"other-fork\", '); f.flush()",
                "print('locked', flush=True)",
                "time.sleep(3)",
                "f.write('\"direction\": \"read\"}\\n'); f.flush()",
                "fcntl.lockf(f, fcntl.LOCK_UN)");
        Process other = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            SuiteSummary.append(results, List.of(row("this-fork", "read")));
        }
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Map<String, Object>> json = readJsonLines(file);
        assertThat(json).extracting(r -> r.get("test")).containsExactly("other-fork", "this-fork");
    }

    @Test
    void aRowCutShortByAKilledRunLeavesTheRowsAfterItWhole() throws IOException {
        Files.writeString(results.resolve(SuiteSummary.JSON_LINES), "{\"test\":\"killed\",\"io");
        Files.writeString(results.resolve(SuiteSummary.CSV), String.join(",", COLUMNS) + "\nx,2026-12-03T");

        SuiteSummary.append(results, List.of(row("after", "read")));

        List<String> lines = Files.readAllLines(results.resolve(SuiteSummary.JSON_LINES));
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("test").asText()).isEqualTo("after");
        List<String> csvLines = Files.readAllLines(results.resolve(SuiteSummary.CSV));
        assertThat(csvLines).hasSize(3);
        assertThat(csvLines.get(2)).startsWith(SuiteSummary.RUN_ID + ",");
    }

    @Test
    void aCsvWithOtherColumnsIsLeftAloneAndTheRowStillGoesToTheJsonLines() throws IOException {
        Path csv = results.resolve(SuiteSummary.CSV);
        String older = "run_id,test,iops\nr1,old#test,5.0\n";
        Files.writeString(csv, older);

        assertThatThrownBy(() -> SuiteSummary.append(results, List.of(row("new", "read"))))
                .isInstanceOf(IOException.class)
                .hasMessage(csv + " has other columns than this mayabench writes (" + String.join(",", COLUMNS)
                        + "); its rows are kept and this test's rows went only to summary.jsonl; delete it, or run "
                        + "mvn clean, to start a new one");
        assertThat(Files.readString(csv)).isEqualTo(older);
        assertThat(readJsonLines(results.resolve(SuiteSummary.JSON_LINES))).extracting(r -> r.get("test"))
                .containsExactly("new");
    }

    @Test
    void csvCellsWithCommasQuotesAndLineBreaksReadBackUnchanged() throws IOException {
        String awkward = "com.example.Bench#sweep[depth, \"16\"\nsecond line]";
        SuiteSummary.append(results, List.of(row(awkward, "read")));
        assertThat(readCsv(results.resolve(SuiteSummary.CSV))).singleElement()
                .satisfies(r -> assertThat(r.get("test")).isEqualTo(awkward));
    }

    @Test
    void theEndOfTheRunNamesTheSummaryFilesAndHowManyRowsThisJvmWroteOnce() throws IOException {
        SuiteSummary.whereWritten(); // rows of earlier tests in this JVM
        SuiteSummary.append(results, List.of(row("one", "read"), row("one", "write")));
        SuiteSummary.append(results, List.of(row("two", "read")));

        assertThat(SuiteSummary.whereWritten()).isEqualTo("mayabench: 3 row(s) of run " + SuiteSummary.RUN_ID
                + " in " + results.resolve("summary.csv") + " and summary.jsonl" + System.lineSeparator());
        assertThat(SuiteSummary.whereWritten()).isEmpty();
    }

    private static SuiteSummary.Row row(String test, String direction) {
        return new SuiteSummary.Row(SuiteSummary.RUN_ID, "2026-12-03T14:00:00Z", test, "job", direction, 1.5, 2.5,
                3.0, 4.0, 5.0, null, 1.0, 2.0, "", 0, 0, "none", "local", "c", "fio-3.33", "h", null, 1, null, null,
                null);
    }

    static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = mapper.readValue(line, Map.class);
            rows.add(row);
        }
        return rows;
    }

    static List<Map<String, String>> readCsv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return it.readAll();
        }
    }
}
