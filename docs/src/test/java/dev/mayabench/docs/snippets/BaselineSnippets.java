package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.RepeatStatistics;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import org.junit.jupiter.api.Test;

/**
 * The code docs/baselines.md shows, compiled here. Not run: a baseline needs a recorded, accepted result of the
 * storage under test, which this build machine does not have.
 */
@MayastorCluster(name = "docs-baselines")
class BaselineSnippets {

    void compare(FioResult result, FioResult otherResult) {
        // tag::baseline-assertions[]
        assertThat(result).isNotWorseThanBaseline(0.10);            // IOPS, bandwidth, p99: at most 10% worse
        assertThat(result).isNotWorseThan(otherResult, 0.05, 99.0, 99.9);
        // end::baseline-assertions[]
    }

    // tag::repeat[]
    @Test
    @Fio(profile = "randwrite-4k", repeat = 5)
    void randomWriteIsSteady(FioResult result) {             // the median of the five runs
        for (RepeatStatistics.Spread figure : result.repeats().orElseThrow().figures()) {
            System.out.println(figure);                       // mean, min, max, coefficient of variation
        }
        assertThat(result).isNotWorseThanBaseline(0.10);
    }
    // end::repeat[]
}
