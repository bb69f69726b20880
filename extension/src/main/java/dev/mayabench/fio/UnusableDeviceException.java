package dev.mayabench.fio;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * fio was asked to write to a raw block device that must not be written: it is not a block device, or it (or a
 * partition of it) is mounted, used as swap, or held by LVM, RAID or device-mapper. Writing would destroy data
 * in use, so nothing is written and the message says what holds the device.
 *
 * <pre>{@code
 * try {
 *     BlockDevice.requireUnused(Path.of("/dev/nvme1n1"));
 * } catch (UnusableDeviceException e) {
 *     System.err.println(e.getMessage());   // "/dev/nvme1n1 is mounted on /mnt/data; ..."
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class UnusableDeviceException extends FioException {

    private static final long serialVersionUID = 1L;

    private final transient Path device;

    public UnusableDeviceException(Path device, String why) {
        super("refusing to let fio write to " + device + ": " + why + ". fio would overwrite it; name a spare "
                + "device with mayabench.local.device (everything on it is destroyed)");
        this.device = device;
    }

    public Path device() {
        return device;
    }
}
