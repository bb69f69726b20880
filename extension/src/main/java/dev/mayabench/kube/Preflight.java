package dev.mayabench.kube;

import dev.mayabench.ansible.Ansible;
import dev.mayabench.ansible.Inventory;
import dev.mayabench.ansible.InventoryFile;
import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Looks at a cluster before Mayastor is deployed on it and says what would go wrong, without changing anything:
 * the Kubernetes version, the storage and client nodes under the names mayabench expects, the storage nodes'
 * 2 MiB hugepages and CPUs against what the io-engine requests, the {@code nvme-tcp} module and the pool disks
 * (from the node facts in the workspace), and whether the chart version is published. It runs as the first
 * thing of the deploy stage (an {@link Finding.Severity#ERROR} stops it) and as {@code mayabench doctor}.
 * It only reads: {@code GET}s on the API server and the workspace's files.
 *
 * <pre>{@code
 * try (KubeTarget target = new KubeTarget(spec, workspace)) {
 *     Preflight.Report report = Preflight.of(target).run();
 *     report.findings().forEach(f -> System.out.println(f.line()));
 *     if (report.hasErrors()) { ... }
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Preflight {

    /**
     * The oldest Kubernetes the chart's objects are accepted by: its CSIDriver is {@code storage.k8s.io/v1} with
     * {@code fsGroupPolicy}, GA in 1.20 (mayastor-extensions {@code chart/templates/mayastor/csi/csi-driver.yaml}).
     * Mayastor's docs (openebs.io/docs, Replicated PV Mayastor, Prerequisites) name no Kubernetes version range.
     */
    static final int MIN_MINOR = 20;
    /** Mayastor docs, Prerequisites: "A minimum of 2GiB of 2MiB-sized pages" for each io-engine. */
    static final long MIN_HUGEPAGE_BYTES = 2L << 30;
    /** The model EBS volumes report on Nitro instances (AWS docs, "Amazon EBS and NVMe"). */
    static final String EBS_MODEL = "Amazon Elastic Block Store";
    static final String NVME_TCP = "nvme_tcp";
    /** "31", "31+" (EKS, GKE): the number the minor version starts with. */
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

    /**
     * Whether a chart version is published in Mayastor's chart repository: throws, naming the versions it
     * offers, when it is not.
     */
    @FunctionalInterface
    public interface ChartVersions {
        void requirePublished(String version);
    }

    private final ClusterSpec spec;
    private final Optional<WorkspaceState> state;
    private final KubernetesClient client;
    private final Optional<String> givenStorageClass;
    private final HostFacts facts;
    private final Optional<ChartVersions> chartVersions;

    Preflight(ClusterSpec spec, Optional<WorkspaceState> state, KubernetesClient client,
              Optional<String> givenStorageClass, HostFacts facts, Optional<ChartVersions> chartVersions) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.state = Objects.requireNonNull(state, "state");
        this.client = Objects.requireNonNull(client, "client");
        this.givenStorageClass = Objects.requireNonNull(givenStorageClass, "givenStorageClass");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.chartVersions = Objects.requireNonNull(chartVersions, "chartVersions");
    }

    /** The preflight of the cluster a target talks to, with the node facts of its workspace. */
    public static Preflight of(KubeTarget target) {
        return of(target, ChartRepository.of(java.net.URI.create(MayastorChart.REPOSITORY)));
    }

    /** The same, reading the chart's versions from {@code charts} (a mirror, or the deploy stage's own). */
    public static Preflight of(KubeTarget target, ChartRepository charts) {
        return new Preflight(target.spec(), withInventoryNodes(target.workspace()), target.client(),
                target.givenStorageClass(), HostFacts.fromWorkspace(target.workspace().file("facts")),
                Optional.of(publishedIn(charts)));
    }

    /**
     * The workspace's state, with the storage and client nodes of the user's {@code inventory.ini} when the state
     * lists none (a cluster mayabench did not make), as the deploy stage will read them; nothing is written.
     */
    static Optional<WorkspaceState> withInventoryNodes(Workspace workspace) {
        Optional<WorkspaceState> state = workspace.state();
        Path inventory = workspace.file(Inventory.FILE);
        if (state.map(s -> !s.nodes().isEmpty()).orElse(false) || !Files.isRegularFile(inventory)) {
            return state;
        }
        List<ClusterNode> nodes = InventoryFile.read(new Ansible(), inventory).storageAndClientNodes();
        return Optional.of(state.orElseGet(() -> WorkspaceState.fresh("", "existing", "")).withNodes(nodes));
    }

    /**
     * Whether the chart version is published, read from Mayastor's chart repository index (the same
     * {@link ChartRepository} the deploy stage reads before it installs anything). Nothing is fetched unless
     * Mayastor still has to be installed.
     */
    static ChartVersions publishedIn(ChartRepository repository) {
        return version -> repository.requirePublished(MayastorChart.CHART, version, "mayastor.chartVersion");
    }

    /** Everything found, in the order the checks ran. */
    public record Report(List<Finding> findings) {

        public Report {
            findings = List.copyOf(findings);
        }

        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        }

        public boolean hasErrors() {
            return !errors().isEmpty();
        }

        /** One line per finding. */
        public String text() {
            return findings.stream().map(Finding::line).collect(Collectors.joining(System.lineSeparator()));
        }
    }

    public Report run() {
        List<Finding> found = new ArrayList<>();
        found.add(kubernetesVersion());
        if (givenStorageClass.isPresent()) {
            found.add(Finding.notChecked("mayastor", "cluster", "storageClass " + givenStorageClass.get()
                    + " is benchmarked as it is; Mayastor is not deployed, so its prerequisites are not checked"));
            return new Report(found);
        }
        List<Node> nodes = client.nodes().list().getItems();
        ClusterTopology topology;
        try {
            topology = ClusterTopology.of(spec, state, nodes);
        } catch (KubeException e) {
            found.add(Finding.error("nodes", "cluster", e.getMessage(), "the storage nodes' Kubernetes names must "
                    + "be those of the inventory (installers register a node under its hostname unless given "
                    + "--node-name), or name the nodes with their disks in mayastor.poolDisk"));
            return new Report(found);
        } catch (ConfigurationException e) {
            found.add(Finding.error("nodes", "cluster", e.getMessage(), "name the storage nodes with their disks: "
                    + "mayastor.poolDisk=NODE=/dev/disk/by-id/...,NODE=..., or an inventory.ini in the workspace"));
            return new Report(found);
        }
        found.add(Finding.ok("nodes", "cluster", "storage nodes " + topology.poolDisks().keySet() + " are nodes "
                + "of the cluster"));
        found.addAll(clientNodes(nodes));
        Optional<MayastorInstallation> installed = MayastorInstallation.find(client);
        // a running installation is held to its own io-engine's requests (its values may not be mayabench's); one
        // whose container states none falls back to what mayabench would ask for
        IoEngineRequest request = installed.flatMap(i -> IoEngineRequest.running(client))
                .orElseGet(() -> IoEngineRequest.of(spec));
        found.add(chartVersion(installed));
        for (Map.Entry<String, String> storage : topology.poolDisks().entrySet()) {
            Node node = nodes.stream().filter(n -> n.getMetadata().getName().equals(storage.getKey())).findFirst()
                    .orElseThrow();
            Optional<HostFacts.Node> known = facts.node(storage.getKey());
            found.add(hugepages(node, request));
            found.addAll(cpus(node, request));
            found.add(nvmeTcp(storage.getKey(), known));
            found.addAll(poolDisk(storage.getKey(), storage.getValue(), known, installed));
        }
        return new Report(found);
    }

    Finding kubernetesVersion() {
        VersionInfo info;
        try {
            info = client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            return Finding.notChecked("kubernetes", "cluster", "the API server did not say its version: "
                    + e.getMessage());
        }
        Optional<Integer> major = leadingNumber(info.getMajor());
        Optional<Integer> minor = leadingNumber(info.getMinor());
        String version = info.getMajor() + "." + info.getMinor();
        if (major.isEmpty() || minor.isEmpty()) {
            return Finding.notChecked("kubernetes", "cluster", "the API server's version '" + version
                    + "' is not MAJOR.MINOR");
        }
        if (major.get() < 1 || (major.get() == 1 && minor.get() < MIN_MINOR)) {
            return Finding.error("kubernetes", "cluster", "Kubernetes " + version + " is older than 1." + MIN_MINOR
                    + ", the oldest that accepts Mayastor's CSIDriver (storage.k8s.io/v1 with fsGroupPolicy)",
                    "upgrade the cluster, or install a newer Kubernetes with mayabench.kubernetes");
        }
        return Finding.ok("kubernetes", "cluster", "Kubernetes " + version + " (1." + MIN_MINOR + " or newer)");
    }

    private static Optional<Integer> leadingNumber(String text) {
        Matcher m = LEADING_NUMBER.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** fio client nodes the workspace lists but the cluster does not have: the pods would run anywhere. */
    private List<Finding> clientNodes(List<Node> nodes) {
        Set<String> inCluster = nodes.stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> expected = state.map(s -> s.nodes(NodeRole.WORKER)).orElse(List.of()).stream()
                .map(ClusterNode::name).toList();
        List<String> missing = expected.stream().filter(n -> !inCluster.contains(n)).toList();
        if (missing.isEmpty()) {
            return expected.isEmpty() ? List.of()
                    : List.of(Finding.ok("nodes", "cluster", "fio client nodes " + expected + " are nodes of the cluster"));
        }
        return List.of(Finding.warning("nodes", "cluster", "fio client node(s) " + missing + " of the workspace are "
                + "not nodes of the cluster, whose nodes are " + inCluster + "; fio pods would run on any node, "
                + "storage nodes included", "make the Kubernetes node names those of the inventory"));
    }

    private Finding chartVersion(Optional<MayastorInstallation> installed) {
        if (installed.isPresent()) {
            return Finding.ok("chart-version", "cluster", "Mayastor " + installed.get().version() + " already runs "
                    + "(release " + installed.get().release() + "): no chart is installed");
        }
        String version = spec.mayastor().chartVersion();
        if (chartVersions.isEmpty()) {
            return Finding.notChecked("chart-version", "chart " + version, "no chart repository to read");
        }
        try {
            chartVersions.get().requirePublished(version);
            return Finding.ok("chart-version", "chart " + version, "published in the chart repository's index");
        } catch (KubeException unreadable) {
            // no answer from the repository says nothing about the cluster; the deploy stage reads the index again
            // before it installs, and stops there if it still cannot
            return Finding.notChecked("chart-version", "chart " + version, unreadable.getMessage());
        } catch (RuntimeException e) {
            return Finding.error("chart-version", "chart " + version, e.getMessage(),
                    "set mayastor.chartVersion to a published version");
        }
    }

    private Finding hugepages(Node node, IoEngineRequest request) {
        String name = node.getMetadata().getName();
        Optional<Quantity> allocatable = allocatable(node, "hugepages-2Mi");
        long have = allocatable.map(q -> q.getNumericalAmount().longValue()).orElse(0L);
        long want = request.hugepageBytes();
        long pages = Math.max(want, MIN_HUGEPAGE_BYTES) / (2L << 20);
        String fix = "reserve " + pages + " pages of 2 MiB on " + name + " (sysctl vm.nr_hugepages=" + pages
                + ", mayabench.hugepages=" + pages + "; prepare-nodes does it) and restart the kubelet so it "
                + "reports them";
        if (have < want) {
            return Finding.error("hugepages", name, "allocatable hugepages-2Mi is "
                    + allocatable.map(Quantity::toString).orElse("none") + ", the io-engine requests "
                    + mib(want) + "; its pod would stay Pending", fix);
        }
        if (want < MIN_HUGEPAGE_BYTES) {
            return Finding.warning("hugepages", name, "the io-engine requests " + mib(want) + " of 2 MiB hugepages, "
                    + "less than the 2 GiB Mayastor's prerequisites ask for", fix);
        }
        return Finding.ok("hugepages", name, "allocatable hugepages-2Mi " + allocatable.get() + " ≥ " + mib(want)
                + " requested");
    }

    private List<Finding> cpus(Node node, IoEngineRequest request) {
        String name = node.getMetadata().getName();
        List<Finding> found = new ArrayList<>();
        BigDecimal have = allocatable(node, "cpu").map(Quantity::getNumericalAmount).orElse(BigDecimal.ZERO);
        if (have.compareTo(request.cpus()) < 0) {
            found.add(Finding.error("io-engine-cpu", name, "allocatable cpu is " + have.stripTrailingZeros()
                    .toPlainString() + ", the io-engine requests " + request.cpus().stripTrailingZeros().toPlainString()
                    + " (io_engine.cpuCount); its pod would stay Pending", "set mayastor.ioEngineCpus to at most "
                    + have.intValue() + ", or use a storage instance type with more vCPUs"));
        } else {
            found.add(Finding.ok("io-engine-cpu", name, "allocatable cpu " + have.stripTrailingZeros().toPlainString()
                    + " ≥ " + request.cpus().stripTrailingZeros().toPlainString() + " requested"));
        }
        int cores = Optional.ofNullable(node.getStatus()).map(s -> s.getCapacity()).map(c -> c.get("cpu"))
                .map(q -> q.getNumericalAmount().intValue()).orElse(have.intValue());
        List<Integer> beyond = request.coreList().stream().filter(c -> c >= cores).toList();
        if (!beyond.isEmpty()) {
            found.add(Finding.error("io-engine-cpu", name, "io_engine.coreList names core(s) " + beyond + " but the "
                    + "node has cores 0.." + (cores - 1), "list cores below " + cores + " in mayastor.ioEngineCores"));
        }
        return found;
    }

    private static Optional<Quantity> allocatable(Node node, String resource) {
        return Optional.ofNullable(node.getStatus()).map(s -> s.getAllocatable()).map(a -> a.get(resource));
    }

    private static Finding nvmeTcp(String node, Optional<HostFacts.Node> known) {
        Optional<Set<String>> modules = known.flatMap(HostFacts.Node::modules);
        if (modules.isEmpty()) {
            return Finding.notChecked("nvme-tcp", node, "no node facts for " + node + " (facts/" + node
                    + ".json, written by node-facts.yml in prepare-nodes); the API server does not report kernel "
                    + "modules");
        }
        if (!modules.get().contains(NVME_TCP)) {
            return Finding.error("nvme-tcp", node, "the nvme_tcp module is not loaded (loaded of interest: "
                    + modules.get() + "); Mayastor's io-engine and volume attachment need it",
                    "modprobe nvme-tcp on " + node + " (on Ubuntu cloud kernels install linux-modules-extra-$(uname -r)"
                    + " first); prepare-nodes does both");
        }
        return Finding.ok("nvme-tcp", node, "nvme_tcp is loaded");
    }

    /**
     * The aws provider's pool disk is "the node's instance-store disk", which the deploy stage names by its
     * {@code /dev/disk/by-id/} link from the node facts (a persistent link, so the core agent takes it).
     */
    private static Finding instanceStore(String node, String subject, Optional<HostFacts.Node> known) {
        Optional<List<HostFacts.Disk>> disks = known.flatMap(HostFacts.Node::disks);
        if (disks.isEmpty()) {
            return Finding.notChecked("pool-disk", subject, "no node facts for " + node + " (facts/" + node
                    + ".json), so its instance-store disk cannot be found yet; the deploy stage refuses the node if "
                    + "it has none");
        }
        return disks.get().stream()
                .filter(d -> d.model().map(NodeFacts::isLocalNvmeModel).orElse(false)).findFirst()
                .map(d -> Finding.ok("pool-disk", subject, "instance-store disk " + d.describe()
                        + ", named by its /dev/disk/by-id/ link"))
                .orElseGet(() -> Finding.error("pool-disk", subject, "the node has no instance-store disk (model "
                        + NodeFacts.INSTANCE_STORE_MODEL + "); its disks: "
                        + disks.get().stream().map(HostFacts.Disk::describe).toList(),
                        "use an instance type with instance storage (i3, i4i, m5d, ...), or name a disk in "
                                + "mayastor.poolDisk=" + node + "=/dev/disk/by-id/..."));
    }

    private List<Finding> poolDisk(String node, String disk, Optional<HostFacts.Node> known,
                                   Optional<MayastorInstallation> installed) {
        List<Finding> found = new ArrayList<>();
        String subject = node + " " + disk;
        if (NodeFacts.INSTANCE_STORE.equals(disk)) {
            return List.of(instanceStore(node, subject, known));
        }
        if (DevicePath.isPersistentLink(disk)) {
            found.add(Finding.ok("pool-disk-link", subject, "a persistent device link"));
        } else if (!installed.isPresent() && allowsBareDevices(node, disk)) {
            found.add(Finding.warning("pool-disk-link", subject, "not a persistent link; the chart is installed "
                    + "with agents.core.allowNonPersistentDevlink=true so the core agent takes it, but the kernel "
                    + "may give the name to another disk after a reboot", "name the disk by its /dev/disk/by-id/ link"));
        } else {
            // The core agent refuses such a disk since mayastor-extensions PR 726 (2025-08); which release first
            // carries the check is not verified here, so this warns rather than stops the deploy stage.
            found.add(Finding.warning("pool-disk-link", subject, "not a persistent device link; Mayastor releases "
                    + "whose core agent checks device links (mayastor-extensions PR 726, 2025) leave such a pool "
                    + "Creating unless agents.core.allowNonPersistentDevlink=true",
                    "name the disk by its /dev/disk/by-id/ link (ls -l /dev/disk/by-id/ on " + node + ")"));
        }
        Optional<List<HostFacts.Disk>> disks = known.flatMap(HostFacts.Node::disks);
        if (disks.isEmpty()) {
            found.add(Finding.notChecked("pool-disk", subject, "no node facts for " + node + " (facts/" + node
                    + ".json), so whether the disk exists, is mounted or is the root disk is not known"));
            return found;
        }
        Optional<HostFacts.Disk> match = disks.get().stream().filter(d -> d.isNamed(disk)).findFirst();
        boolean linksKnown = disks.get().stream().allMatch(d -> d.links().isPresent());
        if (match.isEmpty()) {
            if (!disk.startsWith("/dev/disk/") && !disk.startsWith("/dev/mapper/") || linksKnown) {
                found.add(Finding.error("pool-disk", subject, "the node has no such disk; its disks: "
                        + disks.get().stream().map(HostFacts.Disk::describe).toList(),
                        "name one of its disks in mayastor.poolDisk=" + node + "=/dev/disk/by-id/..."));
            } else {
                found.add(Finding.notChecked("pool-disk", subject, "the node facts list devices but not their "
                        + "/dev/disk links, so the link cannot be matched to a device"));
            }
            return found;
        }
        HostFacts.Disk d = match.get();
        boolean root = known.flatMap(HostFacts.Node::rootDisk).map(d::isNamed).orElse(false);
        boolean awsEbs = d.model().map(EBS_MODEL::equals).orElse(false)
                && state.map(s -> s.provider().equals("aws")).orElse(false);
        if (root || awsEbs) {
            found.add(Finding.error("pool-disk", subject, root ? "it is the root disk"
                    : "it is an EBS volume (" + EBS_MODEL + "); the only EBS volume mayabench attaches is the root "
                    + "volume, and NVMe names on Nitro instances do not follow launch order",
                    "name the instance-store disk (model Amazon EC2 NVMe Instance Storage) by its /dev/disk/by-id/ "
                            + "link; the pool overwrites the disk"));
        } else if (known.flatMap(HostFacts.Node::rootDisk).isEmpty() && !awsEbs) {
            found.add(Finding.notChecked("pool-disk-root", subject, "exists as " + d.describe() + "; the node facts "
                    + "do not record the root disk"));
        } else {
            found.add(Finding.ok("pool-disk", subject, "exists as " + d.describe() + ", not the root disk"));
        }
        found.add(d.mounted().map(m -> m
                ? Finding.error("pool-disk-mount", subject, "it is mounted; a pool takes the whole disk",
                        "unmount it (and remove it from /etc/fstab), or name another disk")
                : Finding.ok("pool-disk-mount", subject, "not mounted"))
                .orElseGet(() -> Finding.notChecked("pool-disk-mount", subject, "the node facts do not record mounts")));
        return found;
    }

    private boolean allowsBareDevices(String node, String disk) {
        Object agents = MayastorChart.values(spec, Map.of(node, disk)).get("agents");
        return agents instanceof Map<?, ?> a && a.get("core") instanceof Map<?, ?> core
                && Boolean.TRUE.equals(core.get("allowNonPersistentDevlink"));
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + "Mi";
    }

    /**
     * What one io-engine pod asks the scheduler for. The chart requests {@code io_engine.cpuCount} CPUs unless
     * {@code io_engine.resources.requests.cpu} is set (mayastor-extensions
     * {@code chart/templates/mayastor/io/io-engine-daemonset.yaml}: {@code requests.cpu | default cpuCount}).
     */
    record IoEngineRequest(BigDecimal cpus, long hugepageBytes, List<Integer> coreList) {

        static IoEngineRequest of(ClusterSpec spec) {
            List<Integer> cores = spec.mayastor().ioEngineCores();
            int count = cores.isEmpty() ? spec.mayastor().ioEngineCpus() : cores.size();
            return new IoEngineRequest(BigDecimal.valueOf(count), spec.hugepages() * (2L << 20), cores);
        }

        /** From the io-engine container of a running installation, when it states its requests. */
        static Optional<IoEngineRequest> running(KubernetesClient client) {
            return client.apps().daemonSets().inAnyNamespace()
                    .withLabel(MayastorInstallation.IO_ENGINE_LABEL, MayastorInstallation.IO_ENGINE).list().getItems()
                    .stream().flatMap(ds -> ds.getSpec().getTemplate().getSpec().getContainers().stream())
                    .filter(c -> c.getImage() != null && c.getImage().contains("io-engine"))
                    .findFirst().flatMap(IoEngineRequest::of);
        }

        private static Optional<IoEngineRequest> of(Container c) {
            if (c.getResources() == null || c.getResources().getRequests() == null) {
                return Optional.empty();
            }
            Map<String, Quantity> requests = c.getResources().getRequests();
            BigDecimal cpus = Optional.ofNullable(requests.get("cpu")).map(Quantity::getNumericalAmount)
                    .orElse(BigDecimal.ZERO);
            long hugepages = Optional.ofNullable(requests.get("hugepages-2Mi"))
                    .map(q -> q.getNumericalAmount().longValue()).orElse(0L);
            return Optional.of(new IoEngineRequest(cpus, hugepages, List.of()));
        }
    }
}
