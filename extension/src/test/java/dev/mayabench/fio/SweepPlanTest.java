package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a sweep may vary, how it expands, and the errors for what it may not. */
class SweepPlanTest {

    static final String WHERE = "on Curves#depth";

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    static Map<String, List<String>> params(Object... nameThenValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) nameThenValues[i + 1];
            map.put((String) nameThenValues[i], values);
        }
        return map;
    }

    @Test
    void twoParametersRunTheirCartesianProductFirstOutermost() {
        SweepPlan plan = SweepPlan.of(params("iodepth", List.of("1", "8"), "numjobs", List.of("1", "2", "4")), WHERE);

        List<SweepPlan.Point> points = plan.points(FioJob.profile("randread-4k"));

        assertThat(plan.size()).isEqualTo(6);
        assertThat(points).extracting(SweepPlan.Point::label).containsExactly("iodepth=1, numjobs=1",
                "iodepth=1, numjobs=2", "iodepth=1, numjobs=4", "iodepth=8, numjobs=1", "iodepth=8, numjobs=2",
                "iodepth=8, numjobs=4");
        assertThat(points.get(4).job().options()).containsEntry("iodepth", "8").containsEntry("numjobs", "2");
        assertThat(points.get(4).job().overrides().get("iodepth").origin()).isEqualTo("@FioSweep(iodepth[1]) " + WHERE);
    }

    @Test
    void aMisspelledParameterNamesTheClosestOne() {
        assertThatThrownBy(() -> SweepPlan.of(params("iodepht", List.of("1", "4")), WHERE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@FioSweep parameter = 'iodepht'")
                .hasMessageContaining("one or two of iodepth, numjobs, bs, rwmixread")
                .hasMessageContaining("did you mean 'iodepth'?")
                .hasMessageContaining(WHERE);
    }

    @Test
    void moreThanTwoParametersOrNoneOrAnEmptyListIsRefused() {
        assertThatThrownBy(() -> SweepPlan.of(params("iodepth", List.of("1"), "numjobs", List.of("1"), "bs",
                List.of("4k")), WHERE)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at most 2 parameters")
                .hasMessageContaining("iodepth, numjobs, bs");
        assertThatThrownBy(() -> SweepPlan.of(Map.of(), WHERE)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@FioSweep(iodepth = {1, 4, 16})");
        assertThatThrownBy(() -> SweepPlan.of(params("bs", List.of()), WHERE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@FioSweep(bs) = '{}'")
                .hasMessageContaining("at least one value");
    }

    @Test
    void aValueListedTwiceIsRefused() {
        assertThatThrownBy(() -> SweepPlan.of(params("iodepth", List.of("1", "4", "1")), WHERE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("each value once")
                .hasMessageContaining("remove the second '1'");
    }

    @Test
    void valuesFioMustNotGetAreAllReportedOnceEachWithTheirPlaceInTheSweep() {
        SweepPlan plan = SweepPlan.of(params("iodepth", List.of("1", "0"), "bs", List.of("4k", "4q")), WHERE);

        assertThatThrownBy(() -> plan.points(FioJob.profile("randread-4k")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).contains("@FioSweep(iodepth[1]) " + WHERE + " = '0'")
                            .contains("a whole number from 1 to 4096")
                            .contains("@FioSweep(bs[1]) " + WHERE + " = '4q'");
                });
    }

    @Test
    void aBlockSizeLargerThanTheJobsSizeWhichFioRefusesOnlyWhenItRunsIsRefusedBeforeTheSweep() throws Exception {
        SweepPlan plan = SweepPlan.of(params("bs", List.of("4k", "32m")), WHERE);
        FioJob small = FioJob.profile("randread-4k").withOverrides(Map.of("size", new SourcedValue("16m", "test")));

        assertThatThrownBy(() -> plan.points(small)).isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.getMessage()).contains("@FioSweep(bs[1]) " + WHERE + " = '32m'")
                    .contains("no larger than the job's size (16m)");
        });
        // what fio itself says of that point: it is accepted by --parse-only, refused when run
        FioJob big = small.withOverrides(Map.of("bs", new SourcedValue("32m", "test"), "runtime",
                new SourcedValue("1s", "test"), "numjobs", new SourcedValue("1", "test")));
        java.nio.file.Path jobFile = big.writeTo(dir.resolve("big.fio"),
                java.nio.file.Files.createDirectories(dir.resolve("data")));
        assertThat(RealFio.parseOnly(jobFile).exitCode()).isZero();
        RealFio.Result ran = RealFio.run(dir, "--output-format=json", "--output=" + dir.resolve("big.json"),
                jobFile.toString());
        assertThat(ran.exitCode()).isNotZero();
        assertThat(ran.output()).contains("size too small, must not be less than minimum block size");
    }

    @Test
    void rwmixreadIsSweptOnlyOnAJobThatMixesReadsAndWrites() {
        SweepPlan plan = SweepPlan.of(params("rwmixread", List.of("30", "70")), WHERE);

        assertThatThrownBy(() -> plan.points(FioJob.profile("randread-4k")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the job's rw is 'randread', for which fio ignores rwmixread")
                .hasMessageContaining("randrw-4k");
        assertThat(plan.points(FioJob.profile("randrw-4k"))).hasSize(2);
        assertThat(plan.points(FioJob.profile("randread-4k").withOverrides(Map.of("rw",
                new SourcedValue("randrw", "test"))))).hasSize(2);
    }
}
