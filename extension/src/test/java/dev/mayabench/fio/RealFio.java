package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The installed fio, run directly by tests to check what fio itself makes of a job file: {@code --parse-only}
 * for acceptance, a real tiny run for effects. The JSON is read with Jackson on purpose, not with the project's
 * parser, so these tests prove the job files and nothing else.
 */
final class RealFio {

    record Result(int exitCode, String output) {
    }

    private RealFio() {
    }

    static Result run(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("fio");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("fio finished").isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** fio's verdict on a job file without running it. */
    static Result parseOnly(Path jobFile) throws IOException, InterruptedException {
        return run(jobFile.toAbsolutePath().getParent(), "--parse-only", jobFile.toString());
    }

    /** Runs a job file and returns fio's JSON output. */
    static JsonNode runJson(Path jobFile) throws IOException, InterruptedException {
        Path json = jobFile.resolveSibling(jobFile.getFileName() + ".json");
        Result result = run(jobFile.toAbsolutePath().getParent(), "--output-format=json",
                "--output=" + json, jobFile.toString());
        assertThat(result.exitCode()).as("fio exit code; fio said: %s", result.output()).isZero();
        return json(json);
    }

    static JsonNode json(Path json) throws IOException {
        String text = Files.readString(json);
        return new ObjectMapper().readTree(text.substring(text.indexOf('{')));
    }

    /** The block size a job really used: bytes moved per I/O. */
    static long blockSize(JsonNode job, String direction) {
        JsonNode stats = job.get(direction);
        return stats.get("io_bytes").asLong() / stats.get("total_ios").asLong();
    }
}
