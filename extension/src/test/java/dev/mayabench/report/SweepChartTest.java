package dev.mayabench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.SweepPoints;
import dev.mayabench.fio.SweepResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throughput–latency chart of a sweep: files, the figures it names, a readable latency axis. */
class SweepChartTest {

    @TempDir
    static Path dir;
    static SweepPoints points;

    @BeforeAll
    static void shape() {
        points = SweepPoints.from(dir);
    }

    static SweepResult sweep(long... p99Micros) {
        int[] depths = {1, 4, 16, 64};
        List<dev.mayabench.fio.SweepPoint> list = new java.util.ArrayList<>();
        for (int i = 0; i < p99Micros.length; i++) {
            list.add(points.read(Map.of("iodepth", Integer.toString(depths[i])), 10_000.0 * (i + 1),
                    Duration.ofNanos(p99Micros[i] * 1000)));
        }
        return new SweepResult(list);
    }

    @Test
    void theChartIsWrittenAsSvgAndPngNamingEveryPointAndTheKnee() throws Exception {
        List<Path> files = SweepChart.write(sweep(100, 150, 900, 8000), dir.resolve("charts"), "depths");

        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("depths-sweep.svg",
                "depths-sweep.png");
        // power: 100, 133.3, 33.3, 5 IOPS per µs: the knee is iodepth=4
        assertThat(Files.readString(files.get(0))).contains("<title>throughput–latency (p99) over 4 sweep points")
                .contains("read: iodepth=1; iodepth=4; iodepth=16; iodepth=64")
                .contains("read knee: iodepth=4 (20000 IOPS, p99 150.0 µs)");
        BufferedImage png = ImageIO.read(files.get(1).toFile());
        assertThat(png.getWidth()).isEqualTo(FioCharts.WIDTH);
    }

    @Test
    void theLatencyAxisIsLogarithmicOnlyWhenTheCurveSpansADecade() {
        // XChart labels a log axis at powers of ten only: within one decade it would show no figures at all
        assertThat(SweepChart.draw(sweep(100, 150, 900, 8000)).getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(SweepChart.draw(sweep(300, 400, 900)).getStyler().isYAxisLogarithmic()).isFalse();
    }
}
