package dev.mayabench.docs.snippets;

import static dev.mayabench.assertj.FioAssertions.assertThat;

import dev.mayabench.fio.FioResult;
import dev.mayabench.junit.Fio;
import dev.mayabench.junit.MayastorCluster;
import org.junit.jupiter.api.Test;

/** The code docs/kubernetes.md shows, compiled here. Not run: it needs a Kubernetes cluster. */
class KubernetesSnippets {

    // tag::existing-cluster[]
    @MayastorCluster(name = "staging", provider = "existing", storageClass = "local-path")
    class LocalPathBenchmark {
        @Test
        @Fio(profile = "randread-4k", runtime = "30s", expect = "read.p99 < 5ms")
        void randomRead(FioResult result) {
            assertThat(result).read().hasIopsAtLeast(10_000);
        }
    }
    // end::existing-cluster[]
}
