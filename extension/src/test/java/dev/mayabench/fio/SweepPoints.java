package dev.mayabench.fio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Sweep points with chosen figures, for tests of what a {@link SweepResult} picks: one real fio run (randrw, one
 * job) gives the output's shape, and each point is that output with its IOPS and p99 set to the figures a test
 * needs. The parser reads them like any fio output; only the numbers a scenario is about are chosen.
 */
public final class SweepPoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode template;

    private SweepPoints(ObjectNode template) {
        this.template = template;
    }

    /** Runs fio once (about a second, 8 MiB in {@code dir}) for the shape of its json+ output. */
    public static SweepPoints from(Path dir) {
        try {
            Path output = FioOutputs.run(dir, "template", FioOutputs.job(dir, "mix", "rw=randrw"), "--output-format=json+");
            String text = Files.readString(output);
            return new SweepPoints((ObjectNode) JSON.readTree(text.substring(text.indexOf('{'))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A read-only point: {@code iops} reads per second with this p99, no writes. */
    public SweepPoint read(Map<String, String> parameters, double iops, Duration p99) {
        return point(parameters, iops, p99, 0, null);
    }

    /** A point that reads and writes, each with its IOPS and p99. */
    public SweepPoint mixed(Map<String, String> parameters, double readIops, Duration readP99, double writeIops,
                            Duration writeP99) {
        return point(parameters, readIops, readP99, writeIops, writeP99);
    }

    private SweepPoint point(Map<String, String> parameters, double readIops, Duration readP99, double writeIops,
                             Duration writeP99) {
        ObjectNode root = template.deepCopy();
        ObjectNode job = (ObjectNode) root.withArray("jobs").get(0);
        set(job, "read", readIops, readP99);
        set(job, "write", writeIops, writeP99);
        return new SweepPoint(parameters, FioResult.parse(root.toString()));
    }

    private static void set(ObjectNode job, String direction, double iops, Duration p99) {
        ObjectNode d = (ObjectNode) job.get(direction);
        d.put("iops", iops);
        if (p99 == null) {
            d.put("total_ios", 0);
            return;
        }
        ((ObjectNode) d.get("clat_ns").get("percentile")).put("99.000000", p99.toNanos());
    }
}
