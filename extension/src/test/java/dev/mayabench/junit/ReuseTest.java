package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.cli.Mayabench;
import dev.mayabench.fio.FioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDE loop: the same benchmark class run twice, each time in a JVM of its own, with {@code reuse = true}.
 * The first run lays out fio's file and keeps the cluster in {@code <mayabench.home>/clusters}; the second finds
 * it again and does not lay the file out again; {@code mayabench down} deletes it.
 */
class ReuseTest {

    @TempDir
    Path home;

    @MayastorCluster(name = "reuse-ide", reuse = true)
    static class KeptLocal {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", size = "16m", iodepth = 4, numjobs = 1)
        void randomRead(FioResult result) {
            org.assertj.core.api.Assertions.assertThat(result.read().iops()).isPositive();
        }
    }

    private record Run(int exit, String output) {
    }

    private Run runInOwnJvm(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dmayabench.home=" + home,
                "-Dmayabench.build.dir=" + home.resolve("build"),
                "-Dmayabench.results.dir=" + home.resolve("results")));
        command.addAll(List.of(properties));
        command.addAll(List.of(ReuseRunner.class.getName(), KeptLocal.class.getName()));
        Path log = Files.createTempFile(home, "run", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the run finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private Path kept() {
        return home.resolve("clusters").resolve("reuse-ide");
    }

    private Path fioResult() {
        return home.resolve("results").resolve(Locations.fileName(KeptLocal.class.getName()))
                .resolve("randomRead.json");
    }

    private String createdAt() throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(kept().resolve("state.json").toFile())
                .path("createdAt").asText();
    }

    private FileTime dataFileTime() throws IOException {
        try (Stream<Path> files = Files.walk(kept().resolve("data"))) {
            Path file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            return Files.getLastModifiedTime(file);
        }
    }

    @Test
    void aKeptClusterIsFoundAgainByTheNextJvmWhichSkipsTheLayoutAndTheCliDeletesIt() throws Exception {
        Run first = runInOwnJvm();
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(kept().resolve("state.json")).exists();
        String created = createdAt();
        FileTime laidOut = dataFileTime();
        assertThat(fioResult()).exists();

        Run second = runInOwnJvm();

        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(createdAt()).as("the same kept cluster, not a new one").isEqualTo(created);
        // fio rewrites a data file it lays out; json output has no layout message, so its time is the witness
        assertThat(dataFileTime()).as("the data file was not laid out again").isEqualTo(laidOut);

        Run changed = runInOwnJvm("-Dmayabench.storageNodes=2");
        assertThat(changed.exit()).as(changed.output()).isZero();
        assertThat(changed.output()).contains("the kept cluster in " + kept() + " was made with other settings "
                + "(storageNodes 3 → 2)");

        System.setProperty("mayabench.home", home.toString());
        try {
            assertThat(Mayabench.run("down", "reuse-ide")).isZero();
        } finally {
            System.clearProperty("mayabench.home");
        }
        assertThat(kept()).doesNotExist();
    }
}
