package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.codehaus.plexus.classworlds.launcher.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run id per {@code mvn verify}: real JVMs, the parent started through the real classworlds Launcher the way
 * Maven's {@code bin/mvn} starts Maven, two forks below it.
 */
class RunIdTest {

    @TempDir
    Path dir;

    @Test
    void forksOfOneMavenShareItsRunIdAndTheNextMavenGivesItsForksAnother() throws Exception {
        List<String> first = maven();
        List<String> second = maven();

        String firstId = first.get(0).substring("maven ".length());
        assertThat(first).containsExactly("maven " + firstId, "fork " + firstId, "fork " + firstId);
        String secondId = second.get(0).substring("maven ".length());
        assertThat(second).containsExactly("maven " + secondId, "fork " + secondId, "fork " + secondId);
        assertThat(secondId).isNotEqualTo(firstId).matches("\\d{8}T\\d{6}Z-\\d+");
    }

    @Test
    void aJvmWithoutMavenAmongItsAncestorsHasItsOwnRunId() throws Exception {
        Path out = dir.resolve("orphan.out");
        String classpath = location(RunIdProcesses.class) + java.io.File.pathSeparator + location(RunId.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // this test's JVM descends from Maven under mvn; a JVM the shell leaves behind does not
        Process shell = new ProcessBuilder("/bin/sh", "-c", "'" + java + "' -cp '" + classpath + "' "
                + RunIdProcesses.class.getName() + " orphan > '" + out + "' 2>&1 &").start();
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((!Files.exists(out) || !Files.readString(out).endsWith("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        String line = Files.readString(out).strip();
        assertThat(line).matches("orphan \\d{8}T\\d{6}Z-\\d+ own \\d{8}T\\d{6}Z-\\d+");
        String[] words = line.split(" ");
        assertThat(words[1]).isEqualTo(words[3]);
    }

    /** Runs a "Maven" JVM with two forks below it; its output lines. */
    private List<String> maven() throws IOException, InterruptedException, URISyntaxException {
        String classworlds = location(Launcher.class);
        String classpath = location(RunIdProcesses.class) + java.io.File.pathSeparator + location(RunId.class);
        Path conf = Files.writeString(dir.resolve("m2.conf"), String.join("\n",
                "main is " + RunIdProcesses.class.getName() + " from app",
                "[app]",
                "load " + location(RunIdProcesses.class),
                "load " + location(RunId.class)) + "\n");
        Path out = dir.resolve("maven-" + System.nanoTime() + ".out");
        Process maven = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classworlds, "-Dclassworlds.conf=" + conf, RunId.MAVEN_LAUNCHER, "maven", classpath)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(maven.waitFor(60, TimeUnit.SECONDS)).as("the Maven JVM ended").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(maven.exitValue()).as("exit of the Maven JVM, output %s", lines).isZero();
        return lines;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
