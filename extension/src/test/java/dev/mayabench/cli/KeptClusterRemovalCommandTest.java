package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What a run leaves behind is logged with the command that removes it, and that command works as printed: a
 * kept cluster ({@code reuse = true}) says "remove it with: mayabench down NAME --workspace DIR" when it is kept
 * and when the next run reuses it.
 */
class KeptClusterRemovalCommandTest {

    @TempDir
    Path home;

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.home");
    }

    @MayastorCluster(name = "kept-console", reuse = true)
    static class KeptRun {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "2m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 1)
        void shortRead(FioResult result) {
        }
    }

    static String runLoggingTo(Class<?> testClass) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents()
                    .assertStatistics(s -> s.succeeded(1));
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aKeptClusterIsLoggedWithTheDownCommandThatRemovesItAndItsReuseIsSaid() {
        System.setProperty("mayabench.home", home.toString());
        String log = runLoggingTo(KeptRun.class);
        assertThat(log).as("the first run makes the cluster").doesNotContain("reusing the kept cluster");

        Matcher kept = Pattern.compile("cluster 'kept-console': reuse is on, kept \\(workspace (\\S+); still there: "
                + ".*\\); remove it with: mvn mayabench:down -Dmayabench.cluster=kept-console \\(without Maven: "
                + "mayabench (down kept-console --workspace \\S+)\\)$", Pattern.MULTILINE)
                .matcher(log);
        assertThat(kept.find()).as(log).isTrue();
        Path workspace = Path.of(kept.group(1));
        assertThat(workspace).isDirectory().startsWith(home);

        String second = runLoggingTo(KeptRun.class);
        assertThat(second).as(second).containsPattern("(?m)cluster 'kept-console': reusing the kept cluster in "
                + Pattern.quote(workspace.toString()) + " \\(same settings; \\d+ resource\\(s\\) recorded\\); "
                + "remove it with: " + Pattern.quote("mvn mayabench:down -Dmayabench.cluster=kept-console "
                + "(without Maven: mayabench " + kept.group(2) + ")") + "$");

        MayabenchCommandTest.Result down = MayabenchCommandTest.run(kept.group(2).split(" "));
        assertThat(down.status()).as(down.out() + down.err()).isZero();
        assertThat(workspace).doesNotExist();
    }
}
