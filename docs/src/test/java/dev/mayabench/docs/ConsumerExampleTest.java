package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.docs.Markdown.Block;
import dev.mayabench.junit.MayastorCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The README's example is the test a fresh consumer project is made from (scripts/ build it from the marked
 * blocks). Here it runs for real, with fio on the local provider: it passes as the README says, it shows a
 * guardrail finding as the README promises, and the cluster name the README's {@code mayabench:down} command
 * names is the one the class uses.
 */
class ConsumerExampleTest {

    static final String CONSUMER_CLASS = "com.example.ReplicatedVolumeBenchmark";
    static final String CONSUMER_MARKER = "consumer: test src/test/java/com/example/ReplicatedVolumeBenchmark.java";

    @AfterEach
    void forgetStrict() {
        System.clearProperty("mayabench.strict");
    }

    static EngineExecutionResults runConsumerTest() {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(CONSUMER_CLASS)).execute();
    }

    @Test
    void theReadmeHasExactlyOneConsumerTestFile() {
        List<Block> marked = readmeBlocks().stream().filter(b -> b.marker().equals(CONSUMER_MARKER)).toList();
        assertThat(marked).as("README blocks marked <!-- %s -->", CONSUMER_MARKER).hasSize(1);
        assertThat(marked.get(0).language()).isEqualTo("java");
    }

    @Test
    void theReadmeExamplePassesOnTheLocalProviderWithRealFio() {
        runConsumerTest().testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
    }

    @Test
    void theReadmeExampleTriggersTheCacheRiskGuardrail() {
        // under strict every guardrail finding fails the test and is named: the way to see the finding here
        System.setProperty("mayabench.strict", "true");

        runConsumerTest().allEvents().assertThatEvents().haveExactly(1, event(test("randomReadIsFast"),
                finishedWithFailure(message(m -> m.contains("cache-risk")))));
    }

    /**
     * The README promises the finding on the console of a project with no logging dependency; this module has
     * none, so this is what a consumer sees: the console fallback of {@code internal.log.MayabenchLog}.
     */
    @Test
    void theReadmeExampleShowsTheGuardrailFindingOnTheConsoleWithoutALoggingDependency() {
        assertThat(present("org.slf4j.simple.SimpleServiceProvider")).as("an SLF4J provider on this module's path")
                .isFalse();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runConsumerTest();
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(line -> line.startsWith("[mayabench] ") && line.contains("cache-risk"));
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ConsumerExampleTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void theReadmeRemovesTheClusterTheExampleUses() throws ClassNotFoundException {
        String name = Class.forName(CONSUMER_CLASS).getAnnotation(MayastorCluster.class).name();

        assertThat(name).isNotBlank();
        assertThat(String.join("\n", Markdown.lines(Markdown.root().resolve("README.md"))))
                .contains("mvn mayabench:down -Dmayabench.cluster=" + name);
    }

    static List<Block> readmeBlocks() {
        return Markdown.blocks(Markdown.root().resolve("README.md"));
    }
}
