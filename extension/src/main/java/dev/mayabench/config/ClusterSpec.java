package dev.mayabench.config;

import dev.mayabench.junit.MayastorCluster;
import dev.mayabench.stage.StageName;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The effective settings of one benchmark environment: {@code @MayastorCluster}'s attributes, overridden by
 * {@code mayabench.yaml}, overridden by {@code mayabench.*} system properties, overridden by {@code MAYABENCH_*}
 * environment variables, with defaults for the rest, all checked. Build it with {@link #load}; every problem
 * is reported at once in one {@link ConfigurationException}.
 *
 * <pre>{@code
 * // @MayastorCluster(storageNodes = 3) on the class, -Dmayabench.provider=aws on the command line:
 * ClusterSpec spec = ClusterSpec.load(annotation, ConfigSources.current());
 * spec.provider();                 // "aws"
 * spec.origins().get("provider");  // "system property mayabench.provider"
 * spec.identity();                 // "3f2a9c01b7de": the same for every class that declares this environment
 * }</pre>
 *
 * <p>Defaults: provider {@code local}; for the cluster providers 3 storage nodes ({@code i3.xlarge}, local
 * NVMe), 1 worker node for the fio pods and 1 Kubernetes master ({@code m5.xlarge}), k3s, 1 replica, protocol
 * nvmf, 1 volume of 10Gi, 1024 hugepages of 2 MiB, the region of the AWS SDK's default chain.
 *
 * @param name           names the workspace directory, cloud tags and Kubernetes objects; default {@code mayabench}
 * @param provider       {@code local} (default), {@code existing}, {@code k3s}, {@code aws} or {@code azure}
 * @param storageNodes   nodes with a Mayastor pool each
 * @param workerNodes    nodes for the fio pods; 0 runs them on the storage nodes
 * @param masterNodes    Kubernetes control-plane nodes
 * @param instance       instance type of the storage nodes
 * @param workerInstance instance type of the worker and master nodes
 * @param kubernetes     installer: k3s, kubespray, kubeadm or microk8s
 * @param replicas       Mayastor replicas per volume, at most {@code storageNodes}
 * @param protocol       the StorageClass protocol: nvmf
 * @param volumes        volumes per benchmark, one fio pod each
 * @param volumeSize     size of each volume, a Kubernetes quantity such as {@code 10Gi}
 * @param region         cloud region; empty means the provider's default (AWS: {@code AWS_REGION}, profile)
 * @param hugepages      2 MiB hugepages each storage node reserves
 * @param skip           stages the user skips; their outputs must already be in the workspace
 * @param reuse          keep the environment after the run and find it again on the next one
 * @param strict         fail where mayabench would otherwise warn that a result may not mean what it seems
 *                       (a storage instance type without local NVMe, ...)
 * @param baselineDir    where each test's baseline result is kept ({@code <dir>/<class>/<test>.json})
 * @param baselineUpdate whether this run records its results as the new baselines
 * @param localDir       where the local provider puts fio's data files; empty means the workspace
 * @param localDevice    the raw block device the local provider may overwrite for {@code volumeMode BLOCK}
 * @param fioExecutable  the fio the local provider runs; default {@code fio} from the PATH
 * @param aws            the settings only the aws provider reads
 * @param azure          the settings only the azure provider reads
 * @param kube           the settings of the Kubernetes side: StorageClass, kubeconfig, namespace, fio image, ...
 * @param mayastor       how mayabench installs Mayastor and shapes its pools and volumes
 * @param playbooks      the user's own playbooks, run by the playbooks stage on the nodes, and where that stage runs
 * @param fio            fio overrides from the configuration, keyed by {@code @Fio} attribute name, with origins;
 *                       checked by whoever builds the job
 * @param origins        where each setting's effective value came from, keyed like {@link #describe()}
 * @param unusedSettings one sentence per playground variable in the YAML file that mayabench does not use
 */
@API(status = API.Status.INTERNAL)
public record ClusterSpec(String name, String provider, int storageNodes, int workerNodes, int masterNodes,
                          String instance, String workerInstance, String kubernetes, int replicas, String protocol,
                          int volumes, String volumeSize, Optional<String> region, int hugepages,
                          Set<StageName> skip, boolean reuse, boolean strict, Path baselineDir,
                          boolean baselineUpdate, Optional<Path> localDir, Optional<Path> localDevice,
                          String fioExecutable,
                          AwsOptions aws, AzureOptions azure, KubeOptions kube, MayastorOptions mayastor,
                          PlaybookOptions playbooks,
                          Map<String, SourcedValue> fio, Map<String, String> origins, List<String> unusedSettings) {

    private static final int IDENTITY_LENGTH = 12;

    /** Not checked: use {@link #load} to build a spec from user input. */
    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(workerInstance, "workerInstance");
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(volumeSize, "volumeSize");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(baselineDir, "baselineDir");
        Objects.requireNonNull(localDir, "localDir");
        Objects.requireNonNull(localDevice, "localDevice");
        Objects.requireNonNull(fioExecutable, "fioExecutable");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(azure, "azure");
        Objects.requireNonNull(kube, "kube");
        Objects.requireNonNull(mayastor, "mayastor");
        Objects.requireNonNull(playbooks, "playbooks");
        skip = skip.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(StageName.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(skip));
        fio = Collections.unmodifiableMap(new LinkedHashMap<>(fio));
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
        unusedSettings = List.copyOf(unusedSettings);
    }

    /**
     * Merges and checks the settings of one test class.
     *
     * @param annotation the class's {@code @MayastorCluster}, or {@code null} when it has none
     * @param sources    properties, environment and classpath; {@link ConfigSources#current()} in production
     * @throws ConfigurationException with every problem found
     */
    public static ClusterSpec load(MayastorCluster annotation, ConfigSources sources) {
        Objects.requireNonNull(sources, "sources");
        return ClusterSpecLoader.load(annotation, sources);
    }

    /** Every setting at its default: the local provider. */
    public static ClusterSpec defaults() {
        return load(null, ConfigSources.none());
    }

    /**
     * The effective settings the provider uses, in a stable order, as text (for the report's
     * {@code environment.properties} and logs); then the fio overrides as {@code fio.<attribute>}. Settings the
     * provider ignores are left out so a local run's report does not show cloud settings; see
     * {@link #notApplicable()} for the ones the user set anyway.
     */
    public Map<String, String> describe() {
        Map<String, String> described = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.unusedBecause(provider).isEmpty()) {
                value(setting).ifPresent(v -> described.put(setting.key(), v));
            }
        }
        fio.forEach((attribute, value) -> described.put("fio." + attribute, value.value()));
        return Collections.unmodifiableMap(described);
    }

    /**
     * The settings the user set explicitly that provider does not use, one sentence each, plus the playground
     * variables the YAML file sets that mayabench does not use. For warnings and the report, e.g.
     * {@code storageNodes = 3 (@MayastorCluster(storageNodes)) is not applicable to provider 'local': it runs fio
     * as a local process ...}.
     */
    public List<String> notApplicable() {
        List<String> sentences = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String origin = origins.getOrDefault(setting.key(), Origin.DEFAULT.where());
            Optional<String> reason = setting.unusedBecause(provider);
            if (reason.isPresent() && !origin.equals(Origin.DEFAULT.where())) {
                sentences.add(setting.key() + " = " + value(setting).orElse("") + " (" + origin
                        + ") is not applicable to provider '" + provider + "': " + reason.get());
            }
        }
        sentences.addAll(unusedSettings);
        return List.copyOf(sentences);
    }

    /**
     * A short, stable hash of the settings that make up the environment: equal for two classes that declare
     * the same environment (so they share one cluster), different when it changes (so a reused cluster is not
     * mistaken for another). Includes every environment-shaping setting, also those the provider ignores, so it
     * does not depend on which settings apply; excludes fio settings, {@code skip}, {@code reuse} and
     * {@code fio.executable}, which change how the environment is used or reached, not what it is.
     */
    public String identity() {
        String canonical = environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, IDENTITY_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The settings that make the environment what it is, with their values ("" for unset): what
     * {@link #identity()} is computed from, and what a kept cluster records so a changed spec can be explained.
     */
    public Map<String, String> environment() {
        Map<String, String> settings = new LinkedHashMap<>();
        Arrays.stream(Setting.values()).filter(Setting::shapesEnvironment)
                .forEach(s -> settings.put(s.key(), value(s).orElse("")));
        return Collections.unmodifiableMap(settings);
    }

    /** The setting's value as text; empty for an unset optional. */
    private Optional<String> value(Setting setting) {
        return switch (setting) {
            case NAME -> Optional.of(name);
            case PROVIDER -> Optional.of(provider);
            case STORAGE_NODES -> Optional.of(Integer.toString(storageNodes));
            case WORKER_NODES -> Optional.of(Integer.toString(workerNodes));
            case MASTER_NODES -> Optional.of(Integer.toString(masterNodes));
            case INSTANCE -> Optional.of(instance);
            case WORKER_INSTANCE -> Optional.of(workerInstance);
            case KUBERNETES -> Optional.of(kubernetes);
            case REPLICAS -> Optional.of(Integer.toString(replicas));
            case PROTOCOL -> Optional.of(protocol);
            case VOLUMES -> Optional.of(Integer.toString(volumes));
            case VOLUME_SIZE -> Optional.of(volumeSize);
            case REGION -> region;
            case HUGEPAGES -> Optional.of(Integer.toString(hugepages));
            case SKIP -> Optional.of(skip.stream().map(StageName::id).collect(Collectors.joining(",")));
            case REUSE -> Optional.of(Boolean.toString(reuse));
            case STRICT -> Optional.of(Boolean.toString(strict));
            case BASELINE_DIR -> Optional.of(baselineDir.toString());
            case BASELINE_UPDATE -> Optional.of(Boolean.toString(baselineUpdate));
            case LOCAL_DIR -> localDir.map(Path::toString);
            case LOCAL_DEVICE -> localDevice.map(Path::toString);
            case FIO_EXECUTABLE -> Optional.of(fioExecutable);
            case STORAGE_CLASS -> kube.storageClass();
            case KUBECONFIG -> kube.kubeconfig().map(Path::toString);
            case KUBE_NAMESPACE -> Optional.of(kube.namespace());
            case KUBE_FIO_IMAGE -> Optional.of(kube.fioImage());
            case KUBE_KEEP -> Optional.of(Boolean.toString(kube.keep()));
            case KUBE_TIMEOUT -> Optional.of(kube.timeout().toSeconds() + "s");
            case KUBE_HELM_MIRROR -> Optional.of(kube.helmMirror().toString());
            case MAYASTOR_CHART_VERSION -> Optional.of(mayastor.chartVersion());
            case MAYASTOR_IO_ENGINE_CPUS -> Optional.of(Integer.toString(mayastor.ioEngineCpus()));
            case MAYASTOR_IO_ENGINE_CORES -> mayastor.ioEngineCores().isEmpty() ? Optional.empty()
                    : Optional.of(mayastor.ioEngineCores().stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
            case MAYASTOR_ETCD_REPLICAS -> Optional.of(Integer.toString(mayastor.etcdReplicas()));
            case MAYASTOR_POOL_DISK -> Optional.of(mayastor.poolDiskText()).filter(t -> !t.isEmpty());
            case MAYASTOR_FS_TYPE -> Optional.of(mayastor.fsType());
            case MAYASTOR_THIN -> Optional.of(Boolean.toString(mayastor.thin()));
            case PLAYBOOKS -> Optional.of(playbooks.text()).filter(t -> !t.isEmpty());
            case PLAYBOOKS_AFTER -> Optional.of(playbooks.after().id());
            case AWS_ENDPOINT -> aws.endpoint().map(URI::toString);
            case AWS_SSH_CIDR -> aws.sshCidr();
            case AWS_AMI -> aws.ami();
            case AWS_ZONE -> aws.zone();
            case AWS_ROOT_VOLUME -> Optional.of(Integer.toString(aws.rootVolumeGiB()));
            case AWS_TTL -> Optional.of(AwsChecks.text(aws.ttl()));
            case AZURE_SUBSCRIPTION -> azure.subscription();
            case AZURE_ENDPOINT -> azure.endpoint().map(URI::toString);
            case AZURE_SSH_CIDR -> azure.sshCidr();
            case AZURE_IMAGE -> Optional.of(azure.image());
            case AZURE_OS_DISK -> Optional.of(Integer.toString(azure.osDiskGiB()));
            case AZURE_TTL -> Optional.of(AwsChecks.text(azure.ttl()));
        };
    }
}
