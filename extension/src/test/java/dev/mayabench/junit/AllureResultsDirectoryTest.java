package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where Allure writes its results in a project that uses mayabench-junit, decided by allure-java when its
 * listener starts (allure-java-commons: {@code AllureLifecycle.getDefaultWriter} reads
 * {@code allure.results.directory} from {@code PropertiesUtils.loadAllureProperties}: the first
 * {@code allure.properties} on the classpath, then system properties over it). Each case runs a plain test in a
 * JVM of its own through the JUnit launcher, which loads Allure's listener as Surefire does, in a fresh directory
 * standing for the project's basedir.
 */
class AllureResultsDirectoryTest {

    @TempDir
    Path project;

    /** Any test: Allure's listener writes a result for every test, mayabench or not. */
    static class PlainTest {
        @org.junit.jupiter.api.Test
        void passes() {
        }
    }

    private void run(List<String> extraClasspathFirst, String... properties) throws Exception {
        List<String> classpath = new ArrayList<>(extraClasspathFirst);
        classpath.add(System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath)));
        command.addAll(List.of(properties));
        command.addAll(List.of(ReuseRunner.class.getName(), PlainTest.class.getName()));
        Path log = project.resolve("run.log");
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }

    private static boolean hasResults(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith("-result.json"));
        }
    }

    @Test
    void withoutAnAllurePropertiesOfTheProjectResultsGoToTargetAllureResults() throws Exception {
        run(List.of());
        assertThat(hasResults(project.resolve("target/allure-results"))).isTrue();
        assertThat(project.resolve("allure-results")).as("allure-java's own default").doesNotExist();
    }

    @Test
    void theProjectsOwnAllurePropertiesWinsOverTheOneInTheMayabenchJar() throws Exception {
        Path testClasses = Files.createDirectories(project.resolve("user-test-classes"));
        Files.writeString(testClasses.resolve("allure.properties"), "allure.results.directory=build/my-results\n");
        run(List.of(testClasses.toString()));
        assertThat(hasResults(project.resolve("build/my-results"))).isTrue();
        assertThat(project.resolve("target/allure-results")).doesNotExist();
    }

    @Test
    void theSystemPropertyWinsOverEveryFile() throws Exception {
        Path testClasses = Files.createDirectories(project.resolve("user-test-classes"));
        Files.writeString(testClasses.resolve("allure.properties"), "allure.results.directory=build/my-results\n");
        Path chosen = project.resolve("elsewhere/results");
        run(List.of(testClasses.toString()), "-Dallure.results.directory=" + chosen);
        assertThat(hasResults(chosen)).isTrue();
        assertThat(project.resolve("build/my-results")).doesNotExist();
        assertThat(project.resolve("target/allure-results")).doesNotExist();
    }
}
