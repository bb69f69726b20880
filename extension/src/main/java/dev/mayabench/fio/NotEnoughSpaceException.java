package dev.mayabench.fio;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The target directory's file system has less usable space than the job's data files need, checked before
 * fio starts so a run does not fill a disk and fail half-way. The message says both figures and the fix: a
 * smaller {@code size} or another {@code mayabench.local.dir}.
 *
 * <pre>{@code
 * catch (NotEnoughSpaceException e) {
 *     System.err.println(e.neededBytes() + " > " + e.availableBytes());
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class NotEnoughSpaceException extends TargetDirectoryException {

    private static final long serialVersionUID = 1L;

    private final long neededBytes;
    private final long availableBytes;

    public NotEnoughSpaceException(Path directory, long neededBytes, long availableBytes, String message) {
        super(directory, message, null);
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    /** Bytes the job still has to lay out (data files already there are not counted). */
    public long neededBytes() {
        return neededBytes;
    }

    /** Usable bytes on the directory's file system. */
    public long availableBytes() {
        return availableBytes;
    }
}
