package dev.mayabench.junit;

import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.FioResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The benchmark environment a test class runs against, injectable into test and lifecycle methods. Use it to
 * run fio jobs the annotations cannot express, or to read what the environment is.
 *
 * <pre>{@code
 * @MayastorCluster
 * class CustomJobBenchmark {
 *     @Test
 *     void mixedBlockSizes(Cluster cluster) {
 *         FioResult result = cluster.runFio(FioJob.profile("randrw-4k"), "mixed");
 *         assertThat(result).read().hasIopsAtLeast(1_000);
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public interface Cluster {

    /** The cluster's name. */
    String name();

    /** The provider that made it ({@code local}, ...). */
    String provider();

    /** The workspace directory: state, secrets, logs. */
    Path workspace();

    /** The effective settings, in a stable order. */
    Map<String, String> settings();

    /** Settings the user set that the provider does not use, each explained. */
    List<String> notApplicableSettings();

    /** Facts about the environment: fio version, kernel, CPU, filesystem of the target. */
    Map<String, String> facts();

    /**
     * Runs a fio job now and returns its parsed result; the output is saved under
     * {@code target/mayabench/results/<runName>.json}.
     */
    FioResult runFio(FioJob job, String runName);
}
