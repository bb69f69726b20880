package dev.mayabench.fio;

import org.apiguardian.api.API;

/**
 * What fio writes to: files in a filesystem, or a raw block device (on Kubernetes a PVC with
 * {@code volumeMode: Block}; on the local provider the device named by {@code mayabench.local.device}). A raw
 * device leaves the filesystem and page cache out of the figures.
 *
 * <pre>{@code
 * @Test @Fio(profile = "randread-4k", volumeMode = VolumeMode.BLOCK)
 * void rawDevice(FioResult result) { ... }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public enum VolumeMode {
    /** Not set here: from the class-level {@code @Fio} or the configuration, else {@link #FILESYSTEM}. */
    DEFAULT,
    /** Files in a filesystem. */
    FILESYSTEM,
    /** A raw block device. */
    BLOCK
}
