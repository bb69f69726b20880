package dev.mayabench.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mayabench.config.ClusterSpec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What the deploy stage and the tests would create in the cluster, as text for a plan: the Mayastor chart and
 * the values mayabench sets, one pool per storage node with its disk, the StorageClass and the volumes each
 * test claims. It is computed from the settings alone; nothing is asked of a cluster.
 *
 * <pre>{@code
 * DeployPlan.lines(spec, Map.of("storage-1", "the instance-store NVMe disk of storage-1"));
 * // [mayastor: chart mayastor 2.11.0 from https://openebs.github.io/mayastor-extensions/ ..., values:, ...]
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class DeployPlan {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private DeployPlan() {
    }

    /**
     * @param poolDisks storage node → the disk its pool takes (a path, or a description when it is only known on
     *                  the node)
     */
    public static List<String> lines(ClusterSpec spec, Map<String, String> poolDisks) {
        List<String> lines = new ArrayList<>();
        if (spec.kube().storageClass().isPresent()) {
            lines.add("storage class: " + spec.kube().storageClass().get() + " (given: benchmarked as it is; "
                    + "Mayastor is not deployed)");
        } else {
            Helm.HelmRelease release = MayastorChart.release(spec);
            lines.add("mayastor: chart " + release.chart() + " " + release.version() + " from " + release.repository()
                    + " as release " + release.name() + " in namespace " + release.namespace()
                    + " (unless Mayastor already runs), values:");
            try {
                YAML.writeValueAsString(MayastorChart.values(spec)).lines().forEach(l -> lines.add("    " + l));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot render the chart values", e);
            }
            poolDisks.forEach((node, disk) -> lines.add("pool: mayabench-" + node + " on " + node + ", disk: " + disk
                    + " (overwritten)"));
            lines.add("storage class: " + DeployStage.storageClassName(spec) + " (" + DeployStage.PROVISIONER
                    + ", repl=" + spec.replicas() + ", protocol=" + spec.protocol() + ", fsType="
                    + spec.mayastor().fsType() + ", thin=" + spec.mayastor().thin() + ")");
        }
        lines.add("volumes: " + spec.volumes() + " x " + spec.volumeSize() + " per test (one fio pod each) in "
                + "namespace " + spec.kube().namespace() + ", deleted after the test"
                + (spec.kube().keep() ? " unless kept (kube.keep)" : ""));
        return lines;
    }
}
