package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A user's job file that breaks mayabench's rules fails its test with the file, the line and the fix, before fio
 * runs, so nothing is written outside mayabench's directory (run through the real Jupiter engine).
 */
class JobFileRulesExtensionTest {

    /** The directory the refused job file names; fio would have created it. */
    static final Path ESCAPED = Path.of("/tmp/mayabench-h2-escaped-data");

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().allEvents();
    }

    @MayastorCluster(name = "e2e-jobfile-escape")
    static class Escapes {
        @Test
        @Fio(jobFile = "fio/escapes-to-its-own-directory.fio", runtime = "1s")
        void escape(FioResult result) {
        }
    }

    @Test
    void aJobFileWithItsOwnDirectoryFailsNamingTheLineAndLeavesNothingBehind() {
        // before: fio ran in /tmp/mayabench-h2-escaped-data, the report named the build directory's filesystem,
        // and teardown left escape.0.0 there
        Events events = run(Escapes.class);

        events.assertThatEvents().haveExactly(1, event(test("escape"), finishedWithFailure(
                instanceOf(ConfigurationException.class),
                message(m -> m.contains("fio/escapes-to-its-own-directory.fio line 8 sets "
                        + "directory=/tmp/mayabench-h2-escaped-data")
                        && m.contains("remove the line and set mayabench.local.dir")))));
        assertThat(ESCAPED).doesNotExist();
    }

    @MayastorCluster(name = "e2e-jobfile-unclosed")
    static class Unclosed {
        @Test
        @Fio(jobFile = "fio/unclosed-global.fio", runtime = "1s")
        void unclosed(FioResult result) {
        }
    }

    @Test
    void anUnclosedSectionHeaderFailsNamingTheLineInsteadOfFiosSizeMessage() {
        Events events = run(Unclosed.class);

        events.assertThatEvents().haveExactly(1, event(test("unclosed"), finishedWithFailure(
                instanceOf(ConfigurationException.class),
                message(m -> m.contains("fio/unclosed-global.fio line 1 reads '[global'")
                        && m.contains("close it: [global]") && !m.contains("you need to specify size")))));
    }
}
