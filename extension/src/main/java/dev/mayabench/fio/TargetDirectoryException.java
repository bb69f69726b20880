package dev.mayabench.fio;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * fio cannot lay out its data files in the target directory: it cannot be created, is not a directory, is not
 * writable, or (as {@link NotEnoughSpaceException}) has too little free space. The message names the
 * directory and the setting that chooses another one ({@code mayabench.local.dir}).
 *
 * <pre>{@code
 * try {
 *     runner.run(job, Path.of("/mnt/nvme/bench"), runDir, "read");
 * } catch (TargetDirectoryException e) {
 *     System.err.println(e.directory() + ": " + e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class TargetDirectoryException extends FioException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public TargetDirectoryException(Path directory, String message, Throwable cause) {
        super(message, cause);
        this.directory = directory;
    }

    /** The directory fio was to write to. */
    public Path directory() {
        return directory;
    }
}
