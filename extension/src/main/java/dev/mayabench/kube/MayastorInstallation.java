package dev.mayabench.kube;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.Optional;

/**
 * A Mayastor that runs in the cluster, found by its io-engine DaemonSet (label {@code app=io-engine}, named
 * {@code <release>-io-engine} by both the standalone chart and OpenEBS's umbrella chart). Pools must be created
 * in its namespace.
 *
 * <pre>{@code
 * MayastorInstallation.find(client).map(MayastorInstallation::version);   // Optional[2.9.1]
 * }</pre>
 *
 * @param namespace where it runs (where pools go)
 * @param release   the Helm release (from {@code openebs.io/release}, else the DaemonSet's name)
 * @param version   the chart version ({@code openebs.io/version}), else the io-engine image's tag
 */
record MayastorInstallation(String namespace, String release, String version) {

    static final String IO_ENGINE_LABEL = "app";
    static final String IO_ENGINE = "io-engine";

    static Optional<MayastorInstallation> find(KubernetesClient client) {
        return client.apps().daemonSets().inAnyNamespace().withLabel(IO_ENGINE_LABEL, IO_ENGINE).list().getItems()
                .stream()
                .filter(ds -> ds.getSpec() != null && ds.getSpec().getTemplate().getSpec().getContainers().stream()
                        .anyMatch(c -> c.getImage() != null && c.getImage().contains("io-engine")))
                .min(Comparator.comparing(ds -> ds.getMetadata().getNamespace()))
                .map(MayastorInstallation::of);
    }

    private static MayastorInstallation of(DaemonSet ds) {
        var labels = ds.getMetadata().getLabels() == null ? java.util.Map.<String, String>of() : ds.getMetadata().getLabels();
        String name = ds.getMetadata().getName();
        String release = labels.getOrDefault("openebs.io/release", name.replaceFirst("-io-engine$", ""));
        String version = Optional.ofNullable(labels.get("openebs.io/version")).orElseGet(() ->
                ds.getSpec().getTemplate().getSpec().getContainers().stream()
                        .map(c -> c.getImage())
                        .filter(i -> i.contains("io-engine") && i.lastIndexOf(':') > i.lastIndexOf('/'))
                        .map(i -> i.substring(i.lastIndexOf(':') + 1).replaceFirst("^v", ""))
                        .findFirst().orElse("unknown"));
        return new MayastorInstallation(ds.getMetadata().getNamespace(), release, version);
    }
}
