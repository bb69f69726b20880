package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayabench.cli.Mayabench;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.Preconditioning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept cluster ({@code reuse = true}) is filled once: the next JVM finds the fill in {@code state.json} and the
 * data files still there, and measures without filling again. Each run is a JVM of its own, as in the IDE loop.
 */
class PreconditionReuseTest {

    @TempDir
    Path home;

    @MayastorCluster(name = "precondition-kept", reuse = true)
    static class KeptAndFilled {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randwrite-4k", runtime = "1s", rampTime = "0s", size = "8m", iodepth = 4, numjobs = 1,
                precondition = "sequential")
        void randomWrite(FioResult result) {
        }
    }

    private record Run(int exit, String output) {
    }

    private Run runInOwnJvm() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dmayabench.home=" + home,
                "-Dmayabench.build.dir=" + home.resolve("build"),
                "-Dmayabench.results.dir=" + home.resolve("results"),
                ReuseRunner.class.getName(), KeptAndFilled.class.getName()));
        Path log = Files.createTempFile(home, "run", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the run finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private Path kept() {
        return home.resolve("clusters").resolve("precondition-kept");
    }

    private Path fillOutput() {
        return home.resolve("results").resolve(Locations.fileName(KeptAndFilled.class.getName()))
                .resolve("randomWrite-precondition-sequential.json");
    }

    /** The fill records in the kept cluster's state.json, keyed by target. */
    private Map<String, Preconditioning> recorded() throws IOException {
        JsonNode attributes = new ObjectMapper().readTree(kept().resolve("state.json").toFile()).path("attributes");
        Map<String, Preconditioning> records = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith(PreconditionStep.STATE_PREFIX)) {
                records.put(field.getKey(), Preconditioning.fromJson(field.getValue().asText()).orElseThrow());
            }
        }
        return records;
    }

    @Test
    void theSecondJvmFindsTheKeptFillAndDoesNotFillAgain() throws Exception {
        Run first = runInOwnJvm();
        assertThat(first.exit()).as(first.output()).isZero();
        Map<String, Preconditioning> afterFirst = recorded();
        assertThat(afterFirst).hasSize(1);
        assertThat(afterFirst.values().iterator().next().passes()).singleElement()
                .satisfies(pass -> assertThat(pass.bytesWritten()).isEqualTo(8L << 20));
        FileTime filled = Files.getLastModifiedTime(fillOutput());

        Run second = runInOwnJvm();

        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(recorded()).as("the record of the first fill, unchanged").isEqualTo(afterFirst);
        assertThat(Files.getLastModifiedTime(fillOutput())).as("no second fill wrote fio output").isEqualTo(filled);

        System.setProperty("mayabench.home", home.toString());
        try {
            assertThat(Mayabench.run("down", "precondition-kept")).isZero();
        } finally {
            System.clearProperty("mayabench.home");
        }
        assertThat(kept()).doesNotExist();
    }
}
