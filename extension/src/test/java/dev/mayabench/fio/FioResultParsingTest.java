package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.fixtures.FioServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parses output that real fio produced in this test class, in every shape mayabench must read. */
class FioResultParsingTest {

    @TempDir
    static Path dir;

    static Path jsonPlusTwoJobs;
    static Path jsonOnly;
    static Path groupReporting;
    static Path customPercentiles;
    static Path mixed;
    static Path withNotes;

    @BeforeAll
    static void runFio() throws Exception {
        jsonPlusTwoJobs = FioOutputs.run(dir, "jsonplus", FioOutputs.job(dir, "reader", "rw=randread", "numjobs=2"),
                "--output-format=json+");
        jsonOnly = FioOutputs.run(dir, "json", FioOutputs.job(dir, "reader", "rw=randread", "numjobs=2"),
                "--output-format=json");
        groupReporting = FioOutputs.run(dir, "group", FioOutputs.job(dir, "grouped", "rw=randread", "numjobs=2",
                "group_reporting"), "--output-format=json");
        customPercentiles = FioOutputs.run(dir, "percentiles", FioOutputs.job(dir, "custom", "rw=randread",
                "percentile_list=50:97.5:99.99"), "--output-format=json");
        mixed = FioOutputs.run(dir, "mixed", FioOutputs.job(dir, "mix", "rw=randrw", "rwmixread=70"),
                "--output-format=json+");
        // psync with iodepth > 1 makes fio print a note before the JSON
        withNotes = FioOutputs.runToStdout(dir, "notes", FioOutputs.job(dir, "noted", "rw=randread", "iodepth=4"),
                "json+");
    }

    static JsonNode raw(Path output) throws IOException {
        String text = Files.readString(output);
        return new ObjectMapper().readTree(text.substring(text.indexOf("\n{") + 1));
    }

    @Test
    void readsEveryJobInFiosOrderWithFiosFigures() throws IOException {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);
        JsonNode jobs = raw(jsonPlusTwoJobs).get("jobs");

        assertThat(result.jobs()).hasSize(2).extracting(JobResult::name).containsExactly("reader", "reader");
        for (int i = 0; i < 2; i++) {
            JsonNode read = jobs.get(i).get("read");
            IoStats stats = result.jobs().get(i).read();
            assertThat(stats.iops()).isEqualTo(read.get("iops").asDouble());
            assertThat(stats.bandwidthKiB()).isEqualTo(read.get("bw").asLong());
            assertThat(stats.ioBytes()).isEqualTo(read.get("io_bytes").asLong());
            assertThat(stats.meanLatency().toNanos()).isEqualTo(Math.round(read.get("lat_ns").get("mean").asDouble()));
            assertThat(stats.latencyPercentile(99.0).toNanos())
                    .isEqualTo(read.get("clat_ns").get("percentile").get("99.000000").asLong());
        }
        assertThat(result.fioVersion()).startsWith("fio-");
        assertThat(result.savedAt()).contains(jsonPlusTwoJobs);
    }

    @Test
    void eachJobCarriesTheCpuFioMeasuredAndTheResultTheirSum() throws IOException {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);
        JsonNode jobs = raw(jsonPlusTwoJobs).get("jobs");

        for (int i = 0; i < 2; i++) {
            CpuUsage cpu = result.jobs().get(i).cpu();
            assertThat(cpu.user()).isEqualTo(jobs.get(i).get("usr_cpu").asDouble());
            assertThat(cpu.system()).isEqualTo(jobs.get(i).get("sys_cpu").asDouble());
            assertThat(cpu.contextSwitches()).isEqualTo(jobs.get(i).get("ctx").asLong());
        }
        assertThat(result.cpu().system()).isCloseTo(jobs.get(0).get("sys_cpu").asDouble()
                + jobs.get(1).get("sys_cpu").asDouble(), within(1e-9));
        assertThat(result.cpu().total()).as("psync reads of a page-cached file still cost CPU").isPositive();
    }

    @Test
    void aggregateSumsIopsBandwidthAndBytesOverJobs() {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);
        List<IoStats> reads = result.jobs().stream().map(JobResult::read).toList();

        assertThat(result.read().iops()).isCloseTo(reads.stream().mapToDouble(IoStats::iops).sum(), within(1e-6));
        assertThat(result.read().bandwidthKiB()).isEqualTo(reads.stream().mapToLong(IoStats::bandwidthKiB).sum());
        assertThat(result.read().ioBytes()).isEqualTo(reads.stream().mapToLong(IoStats::ioBytes).sum());
        assertThat(result.read().ioBytes()).isEqualTo(result.read().totalIos() * 4096);
        assertThat(result.write().iops()).isZero();
    }

    @Test
    void percentileFromTheHistogramIsExactlyWhatFioReportedForOneJob() {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);

        for (JobResult job : result.jobs()) {
            IoStats read = job.read();
            assertThat(read.hasHistogram()).isTrue();
            LatencyHistogram histogram = read.histogram().orElseThrow();
            for (double p : new double[] {1.0, 50.0, 90.0, 99.0, 99.5, 99.9, 99.99}) {
                assertThat(histogram.percentile(p)).as("p%s of %s", p, job.name())
                        .isEqualTo(read.percentiles().get(p));
            }
        }
    }

    @Test
    void aggregatePercentileComesFromMergedHistogramsNotFromAveraging() {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);
        LatencyHistogram merged = result.jobs().get(0).read().histogram().orElseThrow()
                .merge(result.jobs().get(1).read().histogram().orElseThrow());

        Duration p99 = result.read().latencyPercentile(99.0);

        assertThat(p99).isEqualTo(merged.percentile(99.0));
        Duration low = result.jobs().get(0).read().latencyPercentile(99.0);
        Duration high = result.jobs().get(1).read().latencyPercentile(99.0);
        if (low.compareTo(high) > 0) {
            Duration t = low;
            low = high;
            high = t;
        }
        assertThat(p99).isBetween(low, high);
        assertThat(merged.total()).isEqualTo(result.read().totalIos());
    }

    @Test
    void meanLatencyOfTheAggregateIsWeightedByIoCount() {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);
        IoStats a = result.jobs().get(0).read();
        IoStats b = result.jobs().get(1).read();

        double expected = (a.meanLatency().toNanos() * (double) a.totalIos()
                + b.meanLatency().toNanos() * (double) b.totalIos()) / (a.totalIos() + b.totalIos());

        assertThat((double) result.read().meanLatency().toNanos()).isCloseTo(expected, within(2.0));
    }

    @Test
    void plainJsonGivesFiosPercentilesPerJobButRefusesToInventThemForSeveralJobs() {
        FioResult result = FioResult.parse(jsonOnly);

        assertThat(result.jobs().get(0).read().hasHistogram()).isFalse();
        assertThat(result.jobs().get(0).read().latencyPercentile(99.0)).isPositive();
        assertThatThrownBy(() -> result.read().latencyPercentile(99.0))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("json+");
    }

    @Test
    void groupReportingIsOneJobWhosePercentilesAreFios() throws IOException {
        FioResult result = FioResult.parse(groupReporting);
        JsonNode job = raw(groupReporting).get("jobs").get(0);

        assertThat(result.jobs()).hasSize(1);
        assertThat(result.read().latencyPercentile(99.0).toNanos())
                .isEqualTo(job.get("read").get("clat_ns").get("percentile").get("99.000000").asLong());
        assertThat(result.read().iops()).isEqualTo(job.get("read").get("iops").asDouble());
    }

    @Test
    void customPercentileListIsReadAndOtherPercentilesAreExplainedNotGuessed() throws IOException {
        FioResult result = FioResult.parse(customPercentiles);
        JsonNode percentiles = raw(customPercentiles).get("jobs").get(0).get("read").get("clat_ns").get("percentile");

        assertThat(result.read().percentiles()).containsOnlyKeys(50.0, 97.5, 99.99);
        assertThat(result.read().latencyPercentile(97.5).toNanos()).isEqualTo(percentiles.get("97.500000").asLong());
        assertThatThrownBy(() -> result.read().latencyPercentile(99.0))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("fio reported only [50, 97.5, 99.99]")
                .hasMessageContaining("percentile_list");
    }

    @Test
    void mixedWorkloadHasBothDirections() {
        FioResult result = FioResult.parse(mixed);

        assertThat(result.read().iops()).isPositive();
        assertThat(result.write().iops()).isPositive();
        double readShare = result.read().totalIos() / (double) (result.read().totalIos() + result.write().totalIos());
        assertThat(readShare).isBetween(0.6, 0.8);
        assertThat(result.write().latencyPercentile(99.9)).isPositive();
    }

    @Test
    void directionWithoutIoHasNoPercentilesAndSaysWhy() {
        FioResult result = FioResult.parse(jsonPlusTwoJobs);

        assertThatThrownBy(() -> result.write().latencyPercentile(99.0))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("did no write I/O");
    }

    @Test
    void textBeforeTheJsonIsSkipped() throws IOException {
        // What a pod's log holds: fio's stdout, its notes first, then the JSON.
        String text = Files.readString(withNotes);
        assertThat(text).as("fio's note for psync with iodepth > 1").startsWith("note:");

        FioResult result = FioResult.parse(text);

        assertThat(result.jobs()).extracting(JobResult::name).containsExactly("noted");
        assertThat(result.read().iops()).isPositive();
    }

    @Test
    void clientOutputListsEachClientsJobAndAggregatesThemLikeFiosAllClients() throws Exception {
        Path clientDir = Files.createDirectories(dir.resolve("clients"));
        Path output;
        try (FioServer a = FioServer.start("127.0.0.2", clientDir);
             FioServer b = FioServer.start("127.0.0.3", clientDir)) {
            output = FioOutputs.run(clientDir, "clients", FioOutputs.job(clientDir, "remote", "rw=randread"),
                    "--client=" + a.clientArgument(), "--client=" + b.clientArgument(), "--output-format=json+");
        }
        JsonNode allClients = null;
        for (JsonNode entry : raw(output).get("client_stats")) {
            if (entry.get("jobname").asText().equals("All clients")) {
                allClients = entry;
            }
        }

        FioResult result = FioResult.parse(output);

        assertThat(result.jobs()).hasSize(2);
        assertThat(result.jobs()).extracting(j -> j.hostname().orElseThrow())
                .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
        assertThat(allClients).as("fio's All clients entry").isNotNull();
        // I/O counts add up exactly; fio's "All clients" IOPS divides them by the longest client's runtime,
        // the sum of the clients' IOPS uses each one's own, so the two differ by the clients' start skew
        assertThat(result.read().totalIos()).isEqualTo(allClients.get("read").get("total_ios").asLong());
        assertThat(result.read().iops()).isCloseTo(allClients.get("read").get("iops").asDouble(),
                org.assertj.core.api.Assertions.withinPercentage(3));
        assertThat(result.read().latencyPercentile(99.0)).isPositive();
    }

    @Test
    void mergeOfSeparateRunsSumsThemAndKeepsEveryJob() {
        FioResult a = FioResult.parse(jsonPlusTwoJobs);
        FioResult b = FioResult.parse(mixed);

        FioResult merged = FioResult.merge(List.of(a, b));

        assertThat(merged.jobs()).hasSize(3);
        assertThat(merged.read().iops()).isCloseTo(a.read().iops() + b.read().iops(), within(1e-6));
        assertThat(merged.write().totalIos()).isEqualTo(b.write().totalIos());
        assertThat(merged.read().latencyPercentile(99.0)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
    }

    @Test
    void jobByNameOrAClearListOfNames() {
        FioResult result = FioResult.parse(mixed);

        assertThat(result.job("mix").write().iops()).isPositive();
        assertThatThrownBy(() -> result.job("mux"))
                .hasMessageContaining("no fio job named 'mux'")
                .hasMessageContaining("[mix]");
    }
}
