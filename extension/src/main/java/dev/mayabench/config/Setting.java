package dev.mayabench.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The settings of a {@link ClusterSpec} other than the fio overrides, in the order they are reported. The key is
 * the one spelling everything else derives from: the YAML key ({@code storageNodes}, or nested for dotted keys:
 * {@code local: {dir: ...}}), the system property ({@code mayabench.storageNodes}) and the environment variable
 * ({@code MAYABENCH_STORAGE_NODES}). Deriving the names instead of listing them keeps the three spellings from
 * drifting apart and makes the environment mapping unambiguous.
 */
enum Setting {
    NAME("name", Scope.EVERY_PROVIDER, true),
    PROVIDER("provider", Scope.EVERY_PROVIDER, true),
    STORAGE_NODES("storageNodes", Scope.KUBERNETES, true),
    WORKER_NODES("workerNodes", Scope.NEW_MACHINES, true),
    MASTER_NODES("masterNodes", Scope.NEW_MACHINES, true),
    INSTANCE("instance", Scope.NEW_MACHINES, true),
    WORKER_INSTANCE("workerInstance", Scope.NEW_MACHINES, true),
    KUBERNETES("kubernetes", Scope.NEW_MACHINES, true),
    REPLICAS("replicas", Scope.KUBERNETES, true),
    PROTOCOL("protocol", Scope.KUBERNETES, true),
    VOLUMES("volumes", Scope.KUBERNETES, true),
    VOLUME_SIZE("volumeSize", Scope.KUBERNETES, true),
    REGION("region", Scope.NEW_MACHINES, true),
    HUGEPAGES("hugepages", Scope.KUBERNETES, true),
    // skip and reuse change how the environment is reached, not what it is: a class that skips a stage must
    // still share the cluster another class built, and reuse must find the cluster it kept.
    SKIP("skip", Scope.EVERY_PROVIDER, false),
    REUSE("reuse", Scope.EVERY_PROVIDER, false),
    // strict turns warnings about numbers that cannot be trusted into errors; the environment stays the same
    STRICT("strict", Scope.EVERY_PROVIDER, false),
    // where results are compared with, and whether this run records them: not part of the environment
    BASELINE_DIR("baseline.dir", Scope.EVERY_PROVIDER, false),
    BASELINE_UPDATE("baseline.update", Scope.EVERY_PROVIDER, false),
    LOCAL_DIR("local.dir", Scope.LOCAL_PROCESS, true),
    LOCAL_DEVICE("local.device", Scope.LOCAL_PROCESS, true),
    FIO_EXECUTABLE("fio.executable", Scope.LOCAL_PROCESS, false),
    // where and how the machines are reached, not what they are: a cluster kept with reuse stays the same one
    STORAGE_CLASS("storageClass", Scope.KUBERNETES, true),
    KUBECONFIG("kubeconfig", Scope.KUBERNETES, false),
    KUBE_NAMESPACE("kube.namespace", Scope.KUBERNETES, true),
    KUBE_FIO_IMAGE("kube.fioImage", Scope.KUBERNETES, false),
    KUBE_KEEP("kube.keep", Scope.KUBERNETES, false),
    KUBE_TIMEOUT("kube.timeout", Scope.KUBERNETES, false),
    KUBE_HELM_MIRROR("kube.helmMirror", Scope.KUBERNETES, false),
    MAYASTOR_CHART_VERSION("mayastor.chartVersion", Scope.KUBERNETES, true),
    MAYASTOR_IO_ENGINE_CPUS("mayastor.ioEngineCpus", Scope.KUBERNETES, true),
    MAYASTOR_IO_ENGINE_CORES("mayastor.ioEngineCores", Scope.KUBERNETES, true),
    MAYASTOR_ETCD_REPLICAS("mayastor.etcdReplicas", Scope.KUBERNETES, true),
    MAYASTOR_POOL_DISK("mayastor.poolDisk", Scope.KUBERNETES, true),
    MAYASTOR_FS_TYPE("mayastor.fsType", Scope.KUBERNETES, true),
    MAYASTOR_THIN("mayastor.thin", Scope.KUBERNETES, true),
    // the user's playbooks run at every set-up, a reused cluster's too, so they are meant to be idempotent; adding
    // one must not throw away a kept cluster (as skip, they change what is done to it, not which one it is)
    PLAYBOOKS("playbooks", Scope.NEW_MACHINES, false),
    PLAYBOOKS_AFTER("playbooks.after", Scope.NEW_MACHINES, false),
    AWS_ENDPOINT("aws.endpoint", Scope.AWS_MACHINES, false),
    AWS_SSH_CIDR("aws.sshCidr", Scope.AWS_MACHINES, false),
    AWS_AMI("aws.ami", Scope.AWS_MACHINES, true),
    AWS_ZONE("aws.zone", Scope.AWS_MACHINES, true),
    AWS_ROOT_VOLUME("aws.rootVolumeGiB", Scope.AWS_MACHINES, true),
    AWS_TTL("aws.ttl", Scope.AWS_MACHINES, false),
    AZURE_SUBSCRIPTION("azure.subscription", Scope.AZURE_MACHINES, true),
    AZURE_ENDPOINT("azure.endpoint", Scope.AZURE_MACHINES, false),
    AZURE_SSH_CIDR("azure.sshCidr", Scope.AZURE_MACHINES, false),
    AZURE_IMAGE("azure.image", Scope.AZURE_MACHINES, true),
    AZURE_OS_DISK("azure.osDiskGiB", Scope.AZURE_MACHINES, true),
    AZURE_TTL("azure.ttl", Scope.AZURE_MACHINES, false);

    /** The attributes of {@code @Fio} that {@code fio.*} settings may override, in the annotation's order. */
    static final List<String> FIO_KEYS = List.of("profile", "rw", "bs", "iodepth", "numjobs", "runtime", "rampTime",
            "size", "rwmixread", "ioengine", "direct", "jobFile", "repeat", "volumeMode",
            "idleProf", "steadyState", "steadyStateDuration", "steadyStateRamp", "precondition",
            "logInterval");

    /** The providers mayabench knows; the extension says which of them this build can run. */
    static final List<String> PROVIDERS = List.of("local", "existing", "k3s", "aws", "azure");

    /** Nested YAML groups: {@code local: {dir: ...}}, {@code fio: {runtime: ...}}, {@code aws: {ttl: ...}}, ... */
    static final List<String> GROUPS = List.of("local", "fio", "aws", "azure", "baseline", "kube", "mayastor");

    private final String key;
    private final Scope scope;
    private final boolean shapesEnvironment;

    Setting(String key, Scope scope, boolean shapesEnvironment) {
        this.key = key;
        this.scope = scope;
        this.shapesEnvironment = shapesEnvironment;
    }

    /** As written in YAML (dotted for nested keys) and reported: {@code storageNodes}, {@code local.dir}. */
    String key() {
        return key;
    }

    String property() {
        return ConfigSources.PROPERTY_PREFIX + key;
    }

    String environmentVariable() {
        return environmentVariable(key);
    }

    /** Whether a change of this setting means a different environment (see {@link ClusterSpec#identity()}). */
    boolean shapesEnvironment() {
        return shapesEnvironment;
    }

    /** Why the provider ignores this setting, or empty when it uses it. */
    Optional<String> unusedBecause(String provider) {
        return scope.unusedBecause(provider);
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Every key a user may write: the settings and {@code fio.<attribute>}. */
    static List<String> allKeys() {
        return Stream.concat(Arrays.stream(values()).map(Setting::key), FIO_KEYS.stream().map(k -> "fio." + k))
                .toList();
    }

    static boolean isFioOverride(String key) {
        return key.startsWith("fio.") && FIO_KEYS.contains(key.substring(4));
    }

    /**
     * {@code storageNodes} -> {@code MAYABENCH_STORAGE_NODES}, {@code fio.rampTime} -> {@code MAYABENCH_FIO_RAMP_TIME},
     * {@code aws.rootVolumeGiB} -> {@code MAYABENCH_AWS_ROOT_VOLUME_GIB}: a binary unit (KiB, MiB, GiB, TiB) is one
     * word, as a reader writes it, not {@code GI_B}.
     */
    static String environmentVariable(String key) {
        StringBuilder name = new StringBuilder(ConfigSources.ENVIRONMENT_PREFIX);
        for (char c : key.replaceAll("([KMGT])iB", "$1ib").toCharArray()) {
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }

    /** Which providers use a setting. */
    enum Scope {
        EVERY_PROVIDER,
        /** Providers that end with a Kubernetes cluster running Mayastor: existing, k3s, aws and azure. */
        KUBERNETES,
        /** Providers that create machines and install Kubernetes on them: aws and azure. */
        NEW_MACHINES,
        /** Providers that run fio as a local process: local. */
        LOCAL_PROCESS,
        /** The machines of the aws provider: its own settings, which no other provider reads. */
        AWS_MACHINES,
        /** The machines of the azure provider: its own settings, which no other provider reads. */
        AZURE_MACHINES;

        Optional<String> unusedBecause(String provider) {
            String p = provider.toLowerCase(Locale.ROOT);
            if (this == EVERY_PROVIDER) {
                return Optional.empty();
            }
            if (this == AWS_MACHINES || this == AZURE_MACHINES) {
                String owner = this == AWS_MACHINES ? "aws" : "azure";
                return p.equals(owner) ? Optional.empty()
                        : Optional.of("only the " + owner + " provider reads it; this run's provider is " + p);
            }
            if (this == LOCAL_PROCESS) {
                return p.equals("local")
                        ? Optional.empty()
                        : Optional.of("fio runs in pods against Mayastor volumes, not as a local process");
            }
            if (p.equals("local")) {
                return Optional.of("it runs fio as a local process against a local directory; there are no "
                        + "machines, no Kubernetes and no Mayastor");
            }
            if (p.equals("existing") && this == NEW_MACHINES) {
                return Optional.of("it uses a Kubernetes cluster that already exists, so mayabench creates no "
                        + "machines and installs no Kubernetes");
            }
            if (p.equals("k3s") && this == NEW_MACHINES) {
                return Optional.of("it starts k3s in a container on this machine (Testcontainers), so mayabench "
                        + "creates no machines");
            }
            return Optional.empty();
        }
    }
}
