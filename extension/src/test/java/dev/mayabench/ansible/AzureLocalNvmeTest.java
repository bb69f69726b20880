package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An Azure L-series node's pool disk is found by its model, as an EC2 node's instance-store disk is. */
class AzureLocalNvmeTest {

    @Test
    void azuresLocalNvmeIsTheNodesOwnDiskAndItsManagedDisksAreNot() {
        // as lsblk and /sys/block/<name>/device/model report them on a Standard_L8s_v3 (model padded with blanks)
        NodeFacts.NvmeDevice local = new NodeFacts.NvmeDevice("nvme0n1", 1_920_383_410_176L,
                "Microsoft NVMe Direct Disk              ", "1cf3ab3ce1db00000001");
        NodeFacts.NvmeDevice managed = new NodeFacts.NvmeDevice("nvme1n1", 32_212_254_720L, "Virtual Disk", "x");

        assertThat(local.isInstanceStore()).isTrue();
        assertThat(local.byIdLink()).contains("/dev/disk/by-id/nvme-Microsoft_NVMe_Direct_Disk_1cf3ab3ce1db00000001");
        assertThat(managed.isInstanceStore()).isFalse();
        assertThat(NodeFacts.isLocalNvmeModel("Microsoft NVMe Direct Disk v2")).isTrue();
        assertThat(NodeFacts.isLocalNvmeModel(NodeFacts.INSTANCE_STORE_MODEL)).isTrue();
    }
}
