package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparing real fio results with a baseline: equal results, directions, missing I/O and bad tolerances. */
class BaselineComparisonTest {

    @TempDir
    static Path dir;
    static FioResult reads;
    static FioResult writes;

    @BeforeAll
    static void runFio() throws Exception {
        reads = FioResult.parse(FioOutputs.run(dir, "reads", FioOutputs.job(dir, "r", "rw=randread"),
                "--output-format=json+"));
        writes = FioResult.parse(FioOutputs.run(dir, "writes", FioOutputs.job(dir, "w", "rw=randwrite"),
                "--output-format=json+"));
    }

    @Test
    void aResultEqualToItsBaselineHasNoChangeAndNoRegression() {
        BaselineComparison same = BaselineComparison.of(reads, reads, 0.0, 50.0, 99.9);

        assertThat(same.rows()).extracting(BaselineComparison.Row::figure)
                .containsExactly("read IOPS", "read bandwidth", "read p50", "read p99.9");
        assertThat(same.rows()).allSatisfy(r -> assertThat(r.change()).isZero());
        assertThat(same.regressed()).isEmpty();
        assertThat(same.table()).contains("verdict (tolerance 0%)").doesNotContain("REGRESSED");
    }

    @Test
    void onlyTheDirectionsTheBaselineUsedAreComparedAndMissingIoIsARegression() {
        BaselineComparison c = BaselineComparison.of(reads, writes, 0.5);

        assertThat(c.rows()).extracting(BaselineComparison.Row::figure)
                .containsExactly("write IOPS", "write bandwidth", "write p99");
        assertThat(c.regressed()).hasSize(3);
        assertThat(c.table()).contains("no I/O");
    }

    @Test
    void aToleranceIsAFractionBelowOne() {
        assertThatThrownBy(() -> BaselineComparison.of(reads, reads, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e.g. 0.1 for 10%; not 10.0");
    }
}
