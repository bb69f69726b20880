package dev.mayabench.kube;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.InventoryFile;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.Suggestions;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import dev.mayabench.stage.WorkspaceState.CreatedResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The deploy stage: makes the cluster ready for fio pods. With {@code storageClass} set it only checks that the
 * class exists (any class can be benchmarked as it is). Otherwise it labels the storage nodes
 * {@code openebs.io/engine=mayastor}, installs Mayastor's Helm chart unless Mayastor already runs (then it
 * reports the version it found), creates one pool per storage node with the pool API the cluster serves and
 * waits until each is Online, and creates the StorageClass. Everything it creates is recorded in
 * {@code state.json}, and {@link #tearDown} deletes exactly that, newest first.
 *
 * <pre>{@code
 * DeployStage deploy = new DeployStage(target);   // helm from the PATH, or downloaded from kube.helmMirror
 * pipeline.stage(deploy);                 // set-up
 * deploy.tearDown(context);               // from the provider's teardown stage
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class DeployStage implements Stage {

    /** Recorded resource kinds: {@code kubernetes/<Kind>}. */
    static final String KIND_PREFIX = "kubernetes/";
    static final String STORAGE_CLASS_ATTRIBUTE = "kube.storageClass";
    static final String MAYASTOR_VERSION_ATTRIBUTE = "mayastor.version";
    static final String CLIENT_LABEL = "mayabench.dev/fio-client";
    static final String PROVISIONER = "io.openebs.csi-mayastor";
    static final Map<String, String> MANAGED = Map.of("app.kubernetes.io/managed-by", "mayabench");

    private final KubeTarget target;
    private final Helm helm;
    private final ChartRepository charts;

    public DeployStage(KubeTarget target) {
        this(target, new Helm(target.workspace().file("bin"), target.spec().kube().helmMirror(),
                line -> dev.mayabench.internal.log.MayabenchLog.named("mayabench.stage.deploy")
                        .info("[deploy] {}", line)),
                ChartRepository.of(java.net.URI.create(MayastorChart.REPOSITORY)));
    }

    DeployStage(KubeTarget target, Helm helm) {
        this(target, helm, ChartRepository.of(java.net.URI.create(MayastorChart.REPOSITORY)));
    }

    /** With another chart repository than Mayastor's own: a mirror, or a test's loopback repository. */
    /** The chart repository Mayastor is installed from. */
    ChartRepository charts() {
        return charts;
    }

    DeployStage(KubeTarget target, Helm helm, ChartRepository charts) {
        this.target = Objects.requireNonNull(target, "target");
        this.helm = Objects.requireNonNull(helm, "helm");
        this.charts = Objects.requireNonNull(charts, "charts");
    }

    @Override
    public StageName name() {
        return StageName.DEPLOY;
    }

    @Override
    public void run(StageContext context) {
        ClusterSpec spec = target.spec();
        Workspace workspace = target.workspace();
        KubernetesClient client = target.client();
        Wait wait = new Wait(spec.kube().timeout(), context::log);
        Evidence evidence = Evidence.of(client, workspace.file("logs").resolve("evidence"));
        context.log("cluster: " + client.getMasterUrl() + " (Kubernetes " + version(client) + ")");
        ensureNamespace(client, spec.kube().namespace(), workspace, context::log);

        if (target.givenStorageClass().isPresent()) {
            StorageClass given = requireStorageClass(client, target.givenStorageClass().get());
            context.log("storageClass " + given.getMetadata().getName() + " given (provisioner "
                    + given.getProvisioner() + "): benchmarking it as it is; Mayastor is not deployed");
            workspace.updateState(s -> s.withAttribute(STORAGE_CLASS_ATTRIBUTE, given.getMetadata().getName()));
            return;
        }

        readInventory(workspace, context::log);
        InstanceStoreDisks.resolve(workspace, spec.mayastor().poolDisks().keySet(), context::log);
        ClusterTopology topology = ClusterTopology.of(spec, workspace.state(), client.nodes().list().getItems());
        context.log("storage nodes and pool disks: " + topology.poolDisks() + "; fio client nodes: "
                + (topology.clientNodes().isEmpty() ? "any node" : topology.clientNodes()));
        topology.poolDisks().keySet().forEach(node -> label(client, node, ClusterTopology.MAYASTOR_LABEL,
                ClusterTopology.MAYASTOR_VALUE, workspace, context::log));
        topology.clientNodes().forEach(node -> label(client, node, CLIENT_LABEL, "true", workspace, context::log));

        MayastorInstallation mayastor = MayastorInstallation.find(client)
                .map(found -> {
                    context.log("Mayastor " + found.version() + " already runs (release " + found.release()
                            + " in namespace " + found.namespace() + "): not installing it");
                    Map<String, String> bare = new java.util.TreeMap<>(topology.poolDisks());
                    bare.values().removeIf(DevicePath::isPersistentLink);
                    if (!bare.isEmpty() && versionKnown(found.version())
                            && MayastorChart.checksDevlinks(found.version())) {
                        context.log("warning: pool disk(s) " + bare + " are bare device names; Mayastor "
                                + found.version() + "'s core agent refuses them unless it runs with "
                                + "--allow-non-persistent-devlink (chart value agents.core.allowNonPersistentDevlink),"
                                + " which mayabench cannot set on a Mayastor it did not install: if a pool stays "
                                + "Creating with InvalidDevlink, name /dev/disk/by-id/ links in mayastor.poolDisk");
                    }
                    return found;
                })
                .orElseGet(() -> install(spec, topology, workspace, context, wait, evidence, client));
        workspace.updateState(s -> s.withAttribute(MAYASTOR_VERSION_ATTRIBUTE, mayastor.version()));

        PoolApi api = wait.until("Mayastor's pool CRD (diskpools.openebs.io or mayastorpools.openebs.io)",
                () -> PoolApi.served(client).<Poll<PoolApi>>map(Poll::done)
                        .orElseGet(() -> Poll.waiting("no pool CRD yet")),
                () -> evidence.collect("pool-crd", List.of(), List.of()));
        context.log("pool API: " + api);
        createPools(client, api, mayastor.namespace(), topology, workspace, wait, evidence, context::log);

        String className = storageClassName(spec);
        createStorageClass(client, className, spec, workspace, context::log);
        workspace.updateState(s -> s.withAttribute(STORAGE_CLASS_ATTRIBUTE, className));
    }

    /**
     * A cluster mayabench did not make may come with the user's {@code inventory.ini} in the workspace: its
     * {@code mayastor_storage} hosts (with {@code nvme_device}) and {@code mayastor_clients} say which nodes hold
     * pools and run fio. Read with {@code ansible-inventory}, so any inventory format Ansible reads works.
     */
    private static void readInventory(Workspace workspace, Consumer<String> log) {
        Path inventory = workspace.file(Inventory.FILE);
        boolean known = workspace.state().map(s -> !s.nodes().isEmpty()).orElse(false);
        if (known || !Files.isRegularFile(inventory)) {
            return;
        }
        List<ClusterNode> nodes = InventoryFile.read(new Ansible(), inventory).storageAndClientNodes();
        workspace.updateState(s -> s.withNodes(nodes));
        log.accept("read " + nodes.size() + " storage and client node(s) from " + inventory + ": "
                + nodes.stream().map(n -> n.name() + " " + n.roles() + n.nvmeDevice().map(d -> " " + d).orElse(""))
                .toList());
    }

    private static boolean versionKnown(String version) {
        return version.matches("v?[0-9]+\\.[0-9]+.*");
    }

    private static String version(KubernetesClient client) {
        try {
            var info = client.getKubernetesVersion();
            return info.getMajor() + "." + info.getMinor();
        } catch (KubernetesClientException e) {
            return "unknown";
        }
    }

    private MayastorInstallation install(ClusterSpec spec, ClusterTopology topology, Workspace workspace,
                                         StageContext context, Wait wait, Evidence evidence,
                                         KubernetesClient client) {
        Helm.HelmRelease release = MayastorChart.release(spec, charts.url().toString());
        context.log("Mayastor is not installed: installing chart " + release.chart() + " " + release.version()
                + " from " + release.repository() + " as release " + release.name() + " in namespace "
                + release.namespace());
        Path kubeconfig = target.kubeconfig().orElseThrow(() -> new KubeException("helm needs a kubeconfig file "
                + "and none is known: name it with mayabench.kubeconfig"));
        try {
            // helm first: without it nothing is installed, so nothing must be recorded
            helm.binary();
            // and a chart version the repository does not have stops the run here, before anything is installed
            charts.requirePublished(release.chart(), release.version(), "mayastor.chartVersion");
            context.log("chart " + release.chart() + " " + release.version() + " is published in "
                    + charts.indexUrl());
            // recorded before it runs: a release that failed half-way still has to be uninstalled
            workspace.updateState(s -> s.withResource(new CreatedResource(KIND_PREFIX + "HelmRelease",
                    release.namespace() + "/" + release.name(), "chart " + release.chart() + " "
                    + release.version())));
            MayastorChart.devlinkNote(spec, topology.poolDisks()).ifPresent(context::log);
            if ("microk8s".equals(spec.kubernetes())) {
                context.log("MicroK8s: setting csi.node.kubeletDir=" + MayastorChart.MICROK8S_KUBELET_DIR
                        + " so that the CSI node plugin registers where MicroK8s's kubelet looks");
            }
            helm.upgradeInstall(release, MayastorChart.values(spec, topology.poolDisks()), kubeconfig,
                    wait.timeout());
        } catch (HelmException e) {
            throw new HelmException(e.getMessage() + System.lineSeparator() + "evidence: "
                    + evidence.collect("helm-install", List.of(), List.of()), e);
        }
        return wait.until("Mayastor's io-engine DaemonSet to appear",
                () -> MayastorInstallation.find(client).<Poll<MayastorInstallation>>map(Poll::done)
                        .orElseGet(() -> Poll.waiting("no DaemonSet labelled app=io-engine")),
                () -> evidence.collect("io-engine", List.of(), List.of()));
    }

    private static void ensureNamespace(KubernetesClient client, String namespace, Workspace workspace,
                                        Consumer<String> log) {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(MANAGED).endMetadata().build()).create();
        workspace.updateState(s -> s.withResource(new CreatedResource(KIND_PREFIX + "Namespace", namespace, "")));
        log.accept("created namespace " + namespace);
    }

    private static StorageClass requireStorageClass(KubernetesClient client, String name) {
        StorageClass found = client.storage().v1().storageClasses().withName(name).get();
        if (found != null) {
            return found;
        }
        List<String> names = client.storage().v1().storageClasses().list().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
        throw new ConfigurationException(new Problem("storageClass", name, "a StorageClass of the cluster: "
                + (names.isEmpty() ? "it has none" : String.join(", ", names)),
                names.isEmpty() ? "create one, or leave storageClass empty to deploy Mayastor"
                        : Suggestions.didYouMean(name, names)));
    }

    private static void label(KubernetesClient client, String node, String key, String value, Workspace workspace,
                              Consumer<String> log) {
        var current = client.nodes().withName(node).get();
        var labels = current.getMetadata().getLabels();
        if (labels != null && value.equals(labels.get(key))) {
            return;
        }
        client.nodes().withName(node).edit(n -> {
            Map<String, String> updated = n.getMetadata().getLabels() == null
                    ? new LinkedHashMap<>() : new LinkedHashMap<>(n.getMetadata().getLabels());
            updated.put(key, value);
            n.getMetadata().setLabels(updated);
            return n;
        });
        workspace.updateState(s -> s.withResource(new CreatedResource(KIND_PREFIX + "NodeLabel", node, key)));
        log.accept("labelled node " + node + " " + key + "=" + value);
    }

    private static void createPools(KubernetesClient client, PoolApi api, String namespace, ClusterTopology topology,
                                    Workspace workspace, Wait wait, Evidence evidence, Consumer<String> log) {
        var pools = client.genericKubernetesResources(api.context()).inNamespace(namespace);
        Map<String, String> poolOfNode = new LinkedHashMap<>();
        for (GenericKubernetesResource existing : pools.list().getItems()) {
            Object spec = existing.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> fields && fields.get("node") != null) {
                poolOfNode.putIfAbsent(String.valueOf(fields.get("node")), existing.getMetadata().getName());
            }
        }
        List<String> names = new ArrayList<>();
        topology.poolDisks().forEach((node, disk) -> {
            String existing = poolOfNode.get(node);
            if (existing != null) {
                log.accept("node " + node + " already has pool " + existing + ": using it");
                names.add(existing);
                return;
            }
            String name = "mayabench-" + node;
            workspace.updateState(s -> s.withResource(new CreatedResource(KIND_PREFIX + api.kind(),
                    namespace + "/" + name, api.apiVersion())));
            pools.resource(api.pool(name, namespace, node, disk, MANAGED)).create();
            log.accept("created " + api.kind() + " " + name + " on " + node + " " + disk);
            names.add(name);
        });
        for (String name : names) {
            wait.until(api.kind() + " " + name + " to be Online", () -> api.poll(pools.withName(name).get()),
                    () -> evidence.collect("pool-" + name, List.of(() -> pools.withName(name).get()), List.of()));
        }
    }

    static String storageClassName(ClusterSpec spec) {
        return "mayabench-" + spec.name();
    }

    private static void createStorageClass(KubernetesClient client, String name, ClusterSpec spec,
                                           Workspace workspace, Consumer<String> log) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("repl", Integer.toString(spec.replicas()));
        parameters.put("protocol", spec.protocol());
        parameters.put("fsType", spec.mayastor().fsType());
        parameters.put("thin", Boolean.toString(spec.mayastor().thin()));
        StorageClass existing = client.storage().v1().storageClasses().withName(name).get();
        if (existing != null) {
            if (parameters.equals(existing.getParameters()) && PROVISIONER.equals(existing.getProvisioner())) {
                log.accept("StorageClass " + name + " exists with these parameters: using it");
                return;
            }
            // parameters of a StorageClass cannot be changed in place
            log.accept("StorageClass " + name + " has other parameters (" + existing.getParameters() + "): replacing it");
            client.storage().v1().storageClasses().withName(name).delete();
        }
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName(name)
                .withLabels(MANAGED).endMetadata().withProvisioner(PROVISIONER).withParameters(parameters)
                .withVolumeBindingMode("Immediate").withReclaimPolicy("Delete").build()).create();
        workspace.updateState(s -> s.resources().contains(new CreatedResource(KIND_PREFIX + "StorageClass", name, ""))
                ? s : s.withResource(new CreatedResource(KIND_PREFIX + "StorageClass", name, "")));
        log.accept("created StorageClass " + name + " " + parameters);
    }

    /**
     * Deletes what this stage recorded, newest first: StorageClass, pools, node labels, the Helm release, the
     * namespace. Each deleted object leaves {@code state.json}; what could not be deleted stays listed there.
     *
     * @return what is still there, empty when everything went
     */
    public List<String> tearDown(Consumer<String> log) {
        Workspace workspace = target.workspace();
        List<CreatedResource> mine = workspace.state().map(WorkspaceState::resources).orElse(List.of()).stream()
                .filter(r -> r.kind().startsWith(KIND_PREFIX)).toList();
        if (mine.isEmpty()) {
            log.accept("nothing to delete in the cluster");
            return List.of();
        }
        KubernetesClient client;
        try {
            client = target.client();
        } catch (KubeException e) {
            log.accept("cannot reach the cluster to delete " + mine + ": " + e.getMessage());
            return mine.stream().map(CreatedResource::toString).toList();
        }
        List<String> left = new ArrayList<>();
        for (int i = mine.size() - 1; i >= 0; i--) {
            CreatedResource r = mine.get(i);
            try {
                delete(client, r, log);
                workspace.updateState(s -> s.withoutResource(r));
            } catch (RuntimeException e) {
                log.accept("could not delete " + r + ": " + e.getMessage());
                left.add(r.toString());
            }
        }
        return left;
    }

    private void delete(KubernetesClient client, CreatedResource r, Consumer<String> log) {
        String kind = r.kind().substring(KIND_PREFIX.length());
        String[] nsName = r.id().split("/", 2);
        switch (kind) {
            case "StorageClass" -> client.storage().v1().storageClasses().withName(r.id()).delete();
            case "NodeLabel" -> {
                if (client.nodes().withName(r.id()).get() != null) {
                    client.nodes().withName(r.id()).edit(n -> {
                        Map<String, String> updated = new LinkedHashMap<>(n.getMetadata().getLabels());
                        updated.remove(r.detail());
                        n.getMetadata().setLabels(updated);
                        return n;
                    });
                }
            }
            case "Namespace" -> client.namespaces().withName(r.id()).delete();
            case "HelmRelease" -> helm.uninstall(nsName[1], nsName[0], target.kubeconfig().orElseThrow(),
                    target.spec().kube().timeout());
            default -> {
                PoolApi api = java.util.Arrays.stream(PoolApi.values())
                        .filter(a -> a.kind().equals(kind) && a.apiVersion().equals(r.detail())).findFirst()
                        .orElseThrow(() -> new KubeException("unknown recorded resource " + r));
                var pool = client.genericKubernetesResources(api.context()).inNamespace(nsName[0])
                        .withName(nsName[1]);
                pool.delete();
                // Mayastor's diskpool operator holds a finalizer on every pool and removes it only once it has
                // destroyed the pool (openebs/mayastor-control-plane k8s/operators/src/pool/context.rs,
                // finalizer openebs.io/diskpool-protection); uninstalling the chart before that leaves no operator
                // to remove it and the pool stays Terminating for good, so the next resource waits for this one
                Evidence evidence = Evidence.of(client, target.workspace().file("logs").resolve("evidence"));
                new Wait(timeout(), log).until(api.kind() + " " + r.id() + " to be gone", () -> {
                    GenericKubernetesResource seen = pool.get();
                    return seen == null ? Poll.done(Boolean.TRUE) : Poll.waiting("still there, deletionTimestamp "
                            + seen.getMetadata().getDeletionTimestamp() + ", finalizers "
                            + seen.getMetadata().getFinalizers());
                }, () -> evidence.collect("teardown-" + nsName[1], List.of(pool::get), List.of()));
            }
        }
        log.accept("deleted " + r);
    }

    /** How long deletes may take, for callers that wait on them. */
    Duration timeout() {
        return target.spec().kube().timeout();
    }
}
