package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.SourcedValue;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogIntervalTest {

    private static Optional<Duration> parse(String text) {
        return LogInterval.parse(new SourcedValue(text, "@Fio(logInterval) on Bench#run"));
    }

    @Test
    void readsFioTimesDownToOneHundredMilliseconds() {
        assertThat(parse("100ms")).contains(Duration.ofMillis(100));
        assertThat(parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(parse("1s")).contains(Duration.ofSeconds(1));
        assertThat(parse("2")).as("a plain number is seconds, as fio reads runtime").contains(Duration.ofSeconds(2));
    }

    @Test
    void offAndZeroMeanNoLogs() {
        assertThat(parse("off")).isEmpty();
        assertThat(parse("OFF")).isEmpty();
        assertThat(parse("0")).isEmpty();
    }

    @Test
    void anIntervalBelowTheMinimumNamesTheSettingTheValueWhatIsAllowedAndAFix() {
        assertThatThrownBy(() -> parse("50ms"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("@Fio(logInterval) on Bench#run")
                .hasMessageContaining("'50ms'")
                .hasMessageContaining("from 100ms")
                .hasMessageContaining("use 100ms or more");
        // the fix works
        assertThat(parse("100ms")).isPresent();
    }

    @Test
    void aNearMissSuggestsTheSpellingFioReads() {
        assertThatThrownBy(() -> parse("1.5s")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did you mean '1500ms'?");
        assertThat(parse("1500ms")).contains(Duration.ofMillis(1500));
        assertThatThrownBy(() -> parse("1sec")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("did you mean '1s'?");
        assertThatThrownBy(() -> parse("often")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("write e.g. 500ms or 1s, or off");
    }

    @Test
    void fractionsOfAMillisecondAreRefusedBecauseFioLogsWholeMilliseconds() {
        assertThat(parse("150000us")).contains(Duration.ofMillis(150));
        assertThatThrownBy(() -> parse("100500us")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("whole milliseconds");
    }

    @Test
    void theJobCarriesTheIntervalThroughLaterOverrides() {
        FioJob job = FioJob.profile("randread-4k").withLogInterval(new SourcedValue("500ms", "test"))
                .withOverrides(java.util.Map.of("iodepth", new SourcedValue("4", "test")));
        assertThat(job.logInterval()).contains(Duration.ofMillis(500));
        assertThat(FioJob.profile("randread-4k").logInterval()).contains(TimelineLogs.DEFAULT_INTERVAL);
        assertThat(FioJob.profile("randread-4k").withLogInterval(new SourcedValue("off", "test")).logInterval())
                .isEmpty();
    }
}
