package dev.mayabench.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes of {@link RunIdTest}. Started as {@code maven} (through the classworlds Launcher, as Maven's
 * {@code bin/mvn} starts Maven) it prints its own {@code <start>-<pid>} and then starts two forks the ways
 * Surefire may: one directly, one through {@code /bin/sh -c} (which stays between them, as with Surefire's
 * {@code cd ... && java ...}); started as {@code fork} it prints {@link RunId#current()}.
 */
public final class RunIdProcesses {

    private RunIdProcesses() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fork")) {
            System.out.println("fork " + RunId.current());
            return;
        }
        if (args[0].equals("orphan")) {
            // started in the background by a shell that exits at once: wait until the OS has re-parented this
            // JVM (to init or a subreaper), so no Maven is among its ancestors any more
            long shell = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == shell
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.println("orphan " + RunId.current() + " own " + RunId.of(ProcessHandle.current())
                    .orElseThrow());
            return;
        }
        System.out.println("maven " + RunId.of(ProcessHandle.current()).orElseThrow());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = args[1];
        List<String> direct = List.of(java, "-cp", classpath, RunIdProcesses.class.getName(), "fork");
        String quoted = String.join(" ", direct.stream().map(a -> "'" + a + "'").toList());
        // "; true" keeps the shell from exec-ing java, so the fork's parent is the shell
        for (List<String> command : List.of(direct, List.of("/bin/sh", "-c", quoted + "; true"))) {
            Process fork = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(fork.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(System.out::println);
            }
            if (fork.waitFor() != 0) {
                throw new IOException("fork " + command + " exited with " + fork.exitValue());
            }
        }
    }
}
