package dev.mayabench.maven;

import dev.mayabench.stage.WorkspaceLock;
import java.nio.file.Path;
import java.time.Duration;

/** A second JVM that holds a workspace lock ({@code args[0]}) for {@code args[1]} ms, as a running test would. */
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
