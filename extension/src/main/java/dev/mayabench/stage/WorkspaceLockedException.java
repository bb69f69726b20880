package dev.mayabench.stage;

import java.nio.file.Path;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Another process holds a workspace or data directory lock longer than this run may wait.
 *
 * <p>Its message says, e.g.: {@code target/mayabench/ci/lock is held by another mayabench run: pid 4242 (started
 * 2026-12-03T09:00:00Z): java ... surefire ...; waited 5m. Wait for that run to finish, or end it (kill 4242),
 * then run again; to wait longer set mayabench.local.lockWait, e.g. -Dmayabench.local.lockWait=30m}.
 */
@API(status = API.Status.EXPERIMENTAL)
public final class WorkspaceLockedException extends RuntimeException {

    private final transient WorkspaceLock.Holder holder;

    WorkspaceLockedException(Path lockFile, WorkspaceLock.Holder holder, Duration waited) {
        super(lockFile + " is held by another mayabench run: " + holder + "; waited " + WorkspaceLock.text(waited)
                + ". Two runs on one workspace or data directory would halve each other's figures and delete each "
                + "other's data. Wait for that run to finish, or end it (kill " + holder.pid() + "), then run again; "
                + "to wait longer set " + WorkspaceLock.WAIT_SETTING + ", e.g. -D" + WorkspaceLock.WAIT_SETTING
                + "=30m");
        this.holder = holder;
    }

    /** The holder, as its lock file names it. */
    public WorkspaceLock.Holder holder() {
        return holder;
    }
}
