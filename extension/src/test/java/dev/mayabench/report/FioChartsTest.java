package dev.mayabench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.FioRun;
import dev.mayabench.fio.FioRunner;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.stage.Durations;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Charts of a real fio run: the files exist, are valid SVG and PNG, and carry the measured figures. */
class FioChartsTest {

    @TempDir
    static Path dir;
    static FioResult mixed;

    @BeforeAll
    static void runFio() {
        FioJob job = FioJob.profile("randrw-4k").withOverrides(Map.of(
                "ioengine", new SourcedValue("psync", "test"), "runtime", new SourcedValue("1s", "test"),
                "size", new SourcedValue("8m", "test"), "numjobs", new SourcedValue("2", "test"),
                "iodepth", new SourcedValue("1", "test")));
        FioRun run = new FioRunner().run(job, dir.resolve("data"), dir.resolve("runs"), "mixed");
        mixed = FioResult.parse(run.output());
    }

    @Test
    void aRunGetsLatencyIopsAndBandwidthChartsAsSvgAndPng() throws Exception {
        List<Path> files = FioCharts.write(mixed, dir.resolve("charts"), "mixed");

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "mixed-latency.svg", "mixed-latency.png", "mixed-iops.svg", "mixed-iops.png",
                "mixed-bandwidth.svg", "mixed-bandwidth.png");
        for (Path file : files) {
            if (file.toString().endsWith(".svg")) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                // the SVG names the W3C DTD; reading it must not go to the network
                factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                Document svg = factory.newDocumentBuilder().parse(file.toFile());
                assertThat(svg.getDocumentElement().getNodeName()).isEqualTo("svg");
            } else {
                BufferedImage png = ImageIO.read(file.toFile());
                assertThat(png.getWidth()).isEqualTo(FioCharts.WIDTH);
                assertThat(png.getHeight()).isEqualTo(FioCharts.HEIGHT);
            }
        }
    }

    @Test
    void theChartsNameTheMeasuredFigures() throws Exception {
        Path charts = dir.resolve("figures");
        FioCharts.write(mixed, charts, "mixed");

        String latency = Files.readString(charts.resolve("mixed-latency.svg"));
        assertThat(latency).contains("read (p99 " + Durations.latency(mixed.read().latencyPercentile(99.0)) + ")")
                .contains("write (p99 " + Durations.latency(mixed.write().latencyPercentile(99.0)) + ")")
                .contains("<title>completion latency percentiles");
        String iops = Files.readString(charts.resolve("mixed-iops.svg"));
        assertThat(iops).contains(String.format(java.util.Locale.ROOT, "read (total %.1f IOPS)",
                mixed.read().iops())).contains("randrw-4k #1", "randrw-4k #2");
    }

    @Test
    void severalPodsGetIopsAndBandwidthPerPod() throws Exception {
        FioResult pods = FioResult.merge(List.of(mixed.ranOn("mb-run-0"), mixed.ranOn("mb-run-1")));
        Path charts = dir.resolve("pods");

        List<Path> files = FioCharts.write(pods, charts, "pods");

        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("pods-iops-pods.svg", "pods-bandwidth-pods.png");
        String perPod = Files.readString(charts.resolve("pods-iops-pods.svg"));
        assertThat(perPod).contains("mb-run-0", "mb-run-1").contains(String.format(java.util.Locale.ROOT,
                "read (total %.1f IOPS)", pods.read().iops()));
        assertThat(FioCharts.write(mixed, dir.resolve("one"), "one")).extracting(p -> p.getFileName().toString())
                .as("a single fio process has no per-pod charts").noneMatch(n -> n.contains("-pods"));
    }
}
