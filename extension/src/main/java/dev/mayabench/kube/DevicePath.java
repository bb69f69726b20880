package dev.mayabench.kube;

import java.util.regex.Pattern;

/**
 * Which pool disk paths Mayastor's core agent takes as persistent device links. From the release after 2.8.0 the
 * agent refuses to create a pool on any other {@code /dev} path ({@code SvcError::InvalidDevlink}) unless it runs
 * with {@code --allow-non-persistent-devlink}: openebs/mayastor-control-plane
 * {@code control-plane/agents/src/bin/core/pool/operations_helper.rs} ({@code devlink_preflight_checks}, PR 962,
 * April 2025), with the accepted forms taken from the test of {@code DEVLINK_REGEX} in
 * {@code utils/utils-lib/src/disk.rs}: {@code /dev/disk/by-id|by-path|by-label|by-partuuid|by-partlabel/<name>} and
 * {@code /dev/mapper/<name>}; {@code /dev/nvme1n1}, {@code /dev/mapper/a/b} and {@code /dev/disk/by-foo/x} are
 * refused. The regex's own text was not found in the index, so the pattern here is written from that test.
 * URIs ({@code aio:///dev/...}, {@code uring:///dev/...}) are checked by their path, as {@code normalize_disk} does;
 * what does not start with {@code /dev} (malloc, pcie) is not checked.
 *
 * <pre>{@code
 * DevicePath.isPersistentLink("/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1A2B");   // true
 * DevicePath.isPersistentLink("/dev/nvme1n1");                                                  // false
 * }</pre>
 */
final class DevicePath {

    static final Pattern PERSISTENT_LINK =
            Pattern.compile("^/dev/(disk/by-(id|path|label|partuuid|partlabel)|mapper)/[^/]+$");

    private DevicePath() {
    }

    /** Whether the core agent accepts this pool disk without {@code --allow-non-persistent-devlink}. */
    static boolean isPersistentLink(String disk) {
        String path = disk.replaceFirst("^(aio|uring)://", "");
        return !path.startsWith("/dev") || PERSISTENT_LINK.matcher(path).matches();
    }
}
