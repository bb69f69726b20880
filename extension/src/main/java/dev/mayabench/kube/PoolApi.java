package dev.mayabench.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool APIs Mayastor has served, newest first: {@code DiskPool} in {@code openebs.io/v1beta3} (2.9),
 * {@code v1beta2} (2.6), {@code v1beta1} (2.4), {@code v1alpha1} (2.0), and the older {@code MayastorPool}
 * ({@code v1alpha1}). The one to use is read from the cluster's CRD, because the mock API server (and a
 * restricted user) may not serve discovery. Status: the beta versions report {@code cr_state} (Created) and
 * {@code pool_status} (Online, Degraded, Faulted, Unknown); the alpha ones a single {@code state}.
 *
 * <pre>{@code
 * PoolApi api = PoolApi.served(client).orElseThrow();   // V1BETA2 on Mayastor 2.7
 * client.genericKubernetesResources(api.context()).inNamespace("mayastor").resource(api.pool(...)).create();
 * }</pre>
 */
enum PoolApi {
    DISKPOOL_V1BETA3("diskpools", "DiskPool", "v1beta3"),
    DISKPOOL_V1BETA2("diskpools", "DiskPool", "v1beta2"),
    DISKPOOL_V1BETA1("diskpools", "DiskPool", "v1beta1"),
    DISKPOOL_V1ALPHA1("diskpools", "DiskPool", "v1alpha1"),
    MAYASTORPOOL_V1ALPHA1("mayastorpools", "MayastorPool", "v1alpha1");

    static final String GROUP = "openebs.io";

    private final String plural;
    private final String kind;
    private final String version;

    PoolApi(String plural, String kind, String version) {
        this.plural = plural;
        this.kind = kind;
        this.version = version;
    }

    String kind() {
        return kind;
    }

    String apiVersion() {
        return GROUP + "/" + version;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The newest pool API whose CRD the cluster serves. */
    static Optional<PoolApi> served(KubernetesClient client) {
        for (String plural : List.of("diskpools", "mayastorpools")) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .withName(plural + "." + GROUP).get();
            if (crd == null) {
                continue;
            }
            List<String> served = crd.getSpec().getVersions().stream()
                    .filter(v -> !Boolean.FALSE.equals(v.getServed()))
                    .map(CustomResourceDefinitionVersion::getName).toList();
            for (PoolApi api : values()) {
                if (api.plural.equals(plural) && served.contains(api.version)) {
                    return Optional.of(api);
                }
            }
        }
        return Optional.empty();
    }

    /** A pool on one node's disk. */
    GenericKubernetesResource pool(String name, String namespace, String node, String disk, Map<String, String> labels) {
        GenericKubernetesResource pool = new GenericKubernetesResource();
        pool.setApiVersion(apiVersion());
        pool.setKind(kind);
        pool.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(namespace).withLabels(labels).build());
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("node", node);
        spec.put("disks", List.of(disk));
        pool.setAdditionalProperty("spec", spec);
        return pool;
    }

    /** Whether the pool is usable, else what its status says. */
    Poll<GenericKubernetesResource> poll(GenericKubernetesResource pool) {
        if (pool == null) {
            return Poll.broken("the pool is gone");
        }
        Object status = pool.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> fields)) {
            return Poll.waiting("no status yet (Mayastor's diskpool operator has not seen it)");
        }
        if (this == DISKPOOL_V1ALPHA1 || this == MAYASTORPOOL_V1ALPHA1) {
            Object state = fields.get("state");
            return "online".equalsIgnoreCase(String.valueOf(state)) ? Poll.done(pool)
                    : Poll.waiting("state " + state);
        }
        Object crState = fields.get("cr_state");
        Object poolStatus = fields.get("pool_status");
        if ("Created".equals(crState) && "Online".equals(poolStatus)) {
            return Poll.done(pool);
        }
        return Poll.waiting("cr_state " + crState + ", pool_status " + poolStatus);
    }

    @Override
    public String toString() {
        return kind + " " + apiVersion();
    }
}
