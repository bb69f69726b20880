package dev.mayabench.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The console logger on its own: what it prints, where, and what the switch holds back. */
class ConsoleLoggerTest {

    @AfterEach
    void forget() {
        System.clearProperty(ConsoleMode.PROPERTY);
    }

    static String standardErrorOf(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineIsPrefixedAndFormattedAsSlf4jFormatsIt() {
        Logger log = new ConsoleLogger("dev.mayabench.junit.RunVerdict");
        String err = standardErrorOf(() -> {
            log.warn("measurement guardrail {}: {}", "no-ramp", "ramp_time is 0");
            log.info("thresholds:\n{}", "read.iops > 1  PASS");
            log.info("braces {} escaped \\{} kept {}", 1, 2);
            log.debug("not shown {}", "at debug");
        });
        assertThat(err.lines()).containsExactly(
                "[mayabench] WARN measurement guardrail no-ramp: ramp_time is 0",
                "[mayabench] thresholds:",
                "[mayabench] read.iops > 1  PASS",
                "[mayabench] braces 1 escaped {} kept 2");
    }

    @Test
    void aThrowableGoesWithItsStackTracePrefixedToo() {
        Logger log = new ConsoleLogger("x");
        String err = standardErrorOf(() -> log.error("teardown failed: {}", "cluster 'a'",
                new IllegalStateException("boom")));
        assertThat(err).startsWith("[mayabench] ERROR teardown failed: cluster 'a'" + System.lineSeparator()
                + "[mayabench] java.lang.IllegalStateException: boom");
        assertThat(err.lines()).allMatch(line -> line.startsWith("[mayabench] "));
    }

    @Test
    void warnShowsOnlyWarningsAndErrorsAndOffShowsNothing() {
        Logger log = new ConsoleLogger("x");
        System.setProperty(ConsoleMode.PROPERTY, "warn");
        String warnOnly = standardErrorOf(() -> {
            log.info("stage provision started");
            log.warn("guardrail");
        });
        assertThat(warnOnly.lines()).containsExactly("[mayabench] WARN guardrail");
        assertThat(log.isInfoEnabled()).isFalse();

        System.setProperty(ConsoleMode.PROPERTY, "off");
        assertThat(standardErrorOf(() -> log.error("anything"))).isEmpty();
    }

    @Test
    void printsToTheStandardErrorOfTheMomentNotTheOneAtCreation() {
        Logger log = new ConsoleLogger("x"); // made before the stream is replaced, as a static logger is
        assertThat(standardErrorOf(() -> log.info("stage deploy done in 3 s")))
                .isEqualTo("[mayabench] stage deploy done in 3 s" + System.lineSeparator());
    }
}
