package dev.mayabench.fio;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM of its own that runs one long fio job (60 s, two job processes) on {@code args[0]} with its outputs in
 * {@code args[1]}, for tests that kill it with SIGKILL and look for what it leaves.
 */
public final class FioInOwnJvm {

    private FioInOwnJvm() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        Path runs = Path.of(args[1]);
        Files.createDirectories(runs);
        Path jobFile = Files.writeString(runs.resolve("long.fio"), """
                [global]
                ioengine=psync
                rw=randread
                size=2m
                time_based=1
                runtime=60s
                [long]
                numjobs=2
                """);
        new FioRunner().run(FioJob.fromJobFile(jobFile.toString(), "test"), target, runs, "long");
    }
}
