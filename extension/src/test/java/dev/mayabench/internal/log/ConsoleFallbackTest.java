package dev.mayabench.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import dev.mayabench.junit.ReuseRunner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's project as the README makes it: mayabench-junit and JUnit, no SLF4J provider, no allure.properties.
 * One mayabench test class runs in a JVM of its own (through the JUnit launcher, which also brings Allure's
 * listener, as Surefire does), in a fresh directory that stands for the project's basedir, with this module's
 * test classpath minus slf4j-simple.
 */
class ConsoleFallbackTest {

    @TempDir
    static Path project;
    static String console;
    static int status;

    /** A careless job: buffered I/O, so the guardrail buffered-io speaks. */
    @MayastorCluster(name = "console-fallback")
    static class CarelessBenchmark {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "4m", ioengine = "psync", direct = 0, iodepth = 1,
                numjobs = 1)
        void randomRead(FioResult result) {
        }
    }

    @BeforeAll
    static void runTheBenchmarkWithoutAnySlf4jProvider() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !isSlf4jProvider(entry))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classpath).as("the test classpath had slf4j-simple to take away")
                .isNotEqualTo(System.getProperty("java.class.path"));
        Path log = project.resolve("console.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "-Dmayabench.build.dir=" + project.resolve("target"),
                "-Dmayabench.results.dir=" + project.resolve("target/mayabench/results"),
                "-Dmayabench.home=" + project.resolve("home"),
                ReuseRunner.class.getName(), CarelessBenchmark.class.getName())
                .directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!run.waitFor(3, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            run.waitFor(10, TimeUnit.SECONDS);
        }
        status = run.exitValue();
        console = Files.readString(log, StandardCharsets.UTF_8);
    }

    /** slf4j-simple, Logback, Log4j's SLF4J 2 bridge, slf4j-nop, slf4j-jdk14, slf4j-reload4j: any provider. */
    static boolean isSlf4jProvider(String entry) {
        String name = Path.of(entry).getFileName().toString();
        return name.matches("(slf4j-(simple|nop|jdk14|jdk-platform-logging|reload4j)|logback-classic"
                + "|log4j-slf4j2?-impl)-.*\\.jar");
    }

    @Test
    void theForkedJvmReallyHasNoProviderAndTheBenchmarkPassed() {
        assertThat(console).as("exit %s", status).contains("No SLF4J providers were found");
        assertThat(status).as(console).isZero();
    }

    @Test
    void guardrailFindingsReachTheConsolePrefixed() {
        assertThat(console).as(console)
                .containsPattern("(?m)^\\[mayabench\\] WARN measurement guardrail buffered-io: direct=0: the page "
                        + "cache sits between fio and the storage");
    }

    @Test
    void stageProgressAndTheTeardownReachTheConsole() {
        assertThat(console).as(console)
                .containsPattern("(?m)^\\[mayabench\\] cluster 'console-fallback' \\(provider local\\): setting up$")
                .containsPattern("(?m)^\\[mayabench\\] stage provision: ")
                .containsPattern("(?m)^\\[mayabench\\] fio randread-4k \\(randomRead\\): finished in ")
                .containsPattern("(?m)^\\[mayabench\\] \\[teardown\\] done in ")
                .containsPattern("(?m)^\\[mayabench\\] cluster 'console-fallback': teardown.*; still there: "
                        + "nothing$");
    }

    @Test
    void allureResultsGoUnderTargetWhenTheProjectHasNoAllureProperties() throws IOException {
        assertThat(project.resolve("allure-results")).as("allure-java's own default, ./allure-results")
                .doesNotExist();
        Path results = project.resolve("target/allure-results");
        assertThat(results).as(console).isDirectory();
        try (Stream<Path> files = Files.list(results)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).as(console).anyMatch(name -> name.endsWith("-result.json"));
        }
    }
}
