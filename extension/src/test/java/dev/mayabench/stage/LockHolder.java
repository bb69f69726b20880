package dev.mayabench.stage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A second JVM that takes a workspace lock ({@code args[0]}), says "locked" on stdout and holds it for
 * {@code args[1]} milliseconds, then ends (letting go of it with its life).
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkspaceLock.acquire(Path.of(args[0]), Duration.ZERO, System.out::println);
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[1]));
    }
}
