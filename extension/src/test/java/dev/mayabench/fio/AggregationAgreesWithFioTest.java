package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayabench.fixtures.FioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mayabench merges the results of several pods itself; fio's own aggregate of several machines is
 * {@code fio --client} against several {@code fio --server}s. One real run with three servers gives both: each
 * client's result is taken on its own (as if it came from its own pod) and merged by {@link FioResult#merge},
 * and the "All clients" entry fio computed is the reference for I/O counts and IOPS. That entry carries no
 * percentiles (fio 3.33), so percentiles are checked against fio where fio does merge histograms itself: the
 * jobs of one group with {@code group_reporting}.
 */
class AggregationAgreesWithFioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static JsonNode allClients;
    static FioResult merged;
    static List<FioResult> perPod;

    @BeforeAll
    static void runThreeServersTogether() throws Exception {
        Path work = Files.createDirectories(dir.resolve("servers"));
        Path output;
        try (FioServer a = FioServer.start("127.0.0.2", work);
             FioServer b = FioServer.start("127.0.0.3", work);
             FioServer c = FioServer.start("127.0.0.4", work)) {
            String job = "[global]\ndirectory=" + work + "\nsize=16m\nruntime=3\ntime_based\nioengine=psync\n"
                    + "bs=4k\n[pod]\nrw=randread\n";
            output = FioOutputs.run(work, "clients", job, "--client=" + a.clientArgument(),
                    "--client=" + b.clientArgument(), "--client=" + c.clientArgument(), "--output-format=json+");
        }
        JsonNode root = JSON.readTree(output.toFile());
        perPod = new ArrayList<>();
        for (JsonNode entry : root.get("client_stats")) {
            if (entry.get("jobname").asText().equals("All clients")) {
                allClients = entry;
                continue;
            }
            // one client's job, alone, in the shape one pod's fio writes
            ObjectNode alone = JSON.createObjectNode();
            alone.put("fio version", root.path("fio version").asText("fio"));
            alone.set("jobs", JSON.createArrayNode().add(entry));
            perPod.add(FioResult.parse(JSON.writeValueAsString(alone)));
        }
        assertThat(perPod).as("one result per fio server").hasSize(3);
        merged = FioResult.merge(perPod);
    }

    @Test
    void summedIopsAgreeWithFiosAllClientsWithinHalfAPercent() {
        assertThat(allClients).as("fio's All clients entry").isNotNull();
        assertThat(merged.read().totalIos()).isEqualTo(allClients.get("read").get("total_ios").asLong());
        assertThat(merged.read().iops()).isCloseTo(allClients.get("read").get("iops").asDouble(), withinPercentage(0.5));
    }

    @Test
    void mergedPercentilesLieBetweenThePodsOwnWithinOneHistogramBin() {
        // fio 3.33's "All clients" entry has no percentiles, so the same run cannot give fio's merged p50/p99;
        // what must hold for any correct merge: a percentile of the union lies between the parts' percentiles
        for (double p : List.of(50.0, 99.0)) {
            long ours = merged.read().latencyPercentile(p).toNanos();
            long low = perPod.stream().mapToLong(r -> r.read().latencyPercentile(p).toNanos()).min().orElseThrow();
            long high = perPod.stream().mapToLong(r -> r.read().latencyPercentile(p).toNanos()).max().orElseThrow();
            assertThat(ours).as("p%s of the merge (pods: %d..%d ns)", p, low, high)
                    .isBetween(low - binWidth(low), high + binWidth(high));
        }
    }

    @Test
    void percentilesOfFiosOwnMergedHistogramAreFiosWithinOneHistogramBin() throws Exception {
        // fio merges the histograms of the jobs of one group itself (group_reporting); read from those merged
        // bins, mayabench's percentile must be the one fio printed
        Path work = Files.createDirectories(dir.resolve("group"));
        Path output = FioOutputs.run(work, "group", "[global]\ndirectory=" + work + "\nsize=8m\nruntime=2\n"
                + "time_based\nioengine=psync\nbs=4k\ngroup_reporting\n[pods]\nrw=randread\nnumjobs=3\n",
                "--output-format=json+");
        JsonNode fioRead = JSON.readTree(output.toFile()).get("jobs").get(0).get("read").get("clat_ns");
        FioResult group = FioResult.parse(output);
        for (String p : List.of("50.000000", "99.000000")) {
            long fio = fioRead.get("percentile").get(p).asLong();
            long ours = group.read().latencyPercentile(Double.parseDouble(p)).toNanos();
            assertThat(Math.abs(ours - fio)).as("p%s: mayabench %d ns, fio %d ns", p, ours, fio)
                    .isLessThanOrEqualTo(binWidth(fio));
        }
    }

    /**
     * fio's latency histogram (stat.h, FIO_IO_U_PLAT_BITS = 6): values below 128 ns have a bin each, every
     * power-of-two range above is split into 64 bins.
     */
    static long binWidth(long valueNs) {
        if (valueNs < 128) {
            return 1;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(valueNs);
        return 1L << (exponent - 6);
    }
}
