package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import org.junit.jupiter.api.Test;

/**
 * The preconditioning code docs/local-provider.md shows, compiled here so a renamed attribute breaks the build.
 * Not run: it overwrites a raw device (see SnippetPreconditionTest, which checks the extension accepts it).
 */
@MayastorCluster(name = "docs-precondition")
class PreconditionSnippets {

    // tag::precondition[]
    @Test
    @Fio(profile = "randwrite-4k", volumeMode = VolumeMode.BLOCK,  // -Dmayabench.local.device=/dev/nvme1n1
            precondition = "sequential+random")
    void randomWritesAfterTheFill(FioResult result) {
        assertThat(result).write().hasIopsAtLeast(10_000);
    }
    // end::precondition[]
}
