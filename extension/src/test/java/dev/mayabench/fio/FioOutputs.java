package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Produces real fio output for parser tests: writes a small job, runs the installed fio with the given
 * output options and returns the output file. Numbers in parser tests come from here, never typed by hand.
 */
final class FioOutputs {

    private FioOutputs() {
    }

    /** A tiny time-based job on files in {@code dir}: psync, 8 MiB per job, about one second. */
    static String job(Path dir, String name, String... options) {
        StringBuilder job = new StringBuilder("[global]\ndirectory=" + dir + "\nsize=8m\nruntime=1\ntime_based\n"
                + "ioengine=psync\nbs=4k\n");
        job.append('[').append(name).append("]\n");
        for (String option : options) {
            job.append(option).append('\n');
        }
        return job.toString();
    }

    /**
     * Runs fio with its JSON on stdout (as in a pod's log), captured in the returned file; fio prints its
     * notes there too, before the JSON.
     */
    static Path runToStdout(Path dir, String fileName, String jobText, String format)
            throws IOException, InterruptedException {
        Path jobFile = Files.writeString(dir.resolve(fileName + ".fio"), jobText);
        Path output = dir.resolve(fileName + ".stdout");
        Process fio = new ProcessBuilder("fio", "--output-format=" + format, jobFile.toString())
                .directory(dir.toFile()).redirectOutput(output.toFile())
                .redirectError(dir.resolve(fileName + ".log").toFile()).start();
        assertThat(fio.waitFor(60, TimeUnit.SECONDS)).as("fio finished").isTrue();
        assertThat(fio.exitValue()).as("fio exit code").isZero();
        return output;
    }

    /** Runs fio on the job text and returns its output file. */
    static Path run(Path dir, String fileName, String jobText, String... fioArgs)
            throws IOException, InterruptedException {
        Path jobFile = Files.writeString(dir.resolve(fileName + ".fio"), jobText);
        Path output = dir.resolve(fileName + ".json");
        List<String> command = new ArrayList<>(List.of("fio"));
        command.addAll(List.of(fioArgs));
        command.add("--output=" + output);
        command.add(jobFile.toString());
        Process fio = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(fileName + ".log").toFile()).start();
        assertThat(fio.waitFor(60, TimeUnit.SECONDS)).as("fio finished").isTrue();
        assertThat(fio.exitValue()).as("fio exit code, log: %s", Files.readString(dir.resolve(fileName + ".log")))
                .isZero();
        return output;
    }
}
