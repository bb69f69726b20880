package dev.mayabench.config;

import dev.mayabench.junit.MayastorCluster;
import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a {@link ClusterSpec} from its sources: collects every source's values in order of precedence, checks
 * each of them (also the ones a later source overrides: a wrong value is wrong wherever it is written), takes the
 * last one per setting, checks the settings against each other and throws one {@link ConfigurationException}
 * with every problem found.
 */
final class ClusterSpecLoader {

    static final String DEFAULT_NAME = "mayabench";
    static final String DEFAULT_PROVIDER = "local";
    static final int DEFAULT_STORAGE_NODES = 3;
    static final int DEFAULT_WORKER_NODES = 1;
    static final int DEFAULT_MASTER_NODES = 1;
    static final String DEFAULT_INSTANCE = "i3.xlarge";
    static final String DEFAULT_WORKER_INSTANCE = "m5.xlarge";
    /** On azure: 8 vCPUs with local NVMe (L-series v3), the smallest storage-optimized size of its generation. */
    static final String DEFAULT_AZURE_INSTANCE = "Standard_L8s_v3";
    static final String DEFAULT_AZURE_WORKER_INSTANCE = "Standard_D4s_v5";
    static final String DEFAULT_KUBERNETES = "k3s";
    /** Beside the tests, so baselines are versioned with the code they judge. */
    static final Path DEFAULT_BASELINE_DIR = Path.of("src", "test", "baselines");
    static final int DEFAULT_REPLICAS = 1;
    static final String DEFAULT_PROTOCOL = "nvmf";
    static final int DEFAULT_VOLUMES = 1;
    static final String DEFAULT_VOLUME_SIZE = "10Gi";
    static final int DEFAULT_HUGEPAGES = 1024;
    static final String DEFAULT_FIO_EXECUTABLE = "fio";

    // Counts above this are taken for typos: each node is a machine someone pays for.
    static final int MAX_COUNT = 100;
    // Mayastor's documented minimum: 1024 pages of 2 MiB (2 GiB) for the io-engine on every storage node.
    static final int MIN_HUGEPAGES = 1024;
    // 2 TiB of hugepages; more is a typo on any machine this runs on.
    static final int MAX_HUGEPAGES = 1 << 20;
    // The name becomes directory names, cloud tags and Kubernetes object names with prefixes and suffixes, so it
    // stays well below the 63 characters of a DNS label.
    static final int MAX_NAME_LENGTH = 40;

    static final List<String> INSTALLERS = List.of("k3s", "kubespray", "kubeadm", "microk8s");
    static final List<String> PLANNED_PROVIDERS = List.of("gcp");

    /** {@code mayabench.*} properties other components read; tolerated here so they are not reported unknown. */
    static final List<String> OTHER_COMPONENTS_PROPERTIES = List.of("config", "results.dir", "build.dir", "home",
            "ansible.home", // read by ansible.Ansible; its not-installed error tells users to set it
            "local.lockWait", // read by the local provider's workspace lock (stage.WorkspaceLock)
            "console", // read by the console fallback of the logs (internal.log.ConsoleMode)
            // the mayabench-maven-plugin's goal parameters (dev.mayabench.maven; cli.CommandSettings): Maven hands
            // -D user properties to surefire's fork, so 'mvn verify mayabench:report -Dmayabench.report.skip' or
            // 'mvn verify mayabench:down -Dmayabench.cluster=x' would otherwise fail every test as unknown settings
            "cluster", "workspace", "olderThan", "dryRun", "includeKept", "cloud", "chartRepository",
            "report.results", "report.output", "report.history", "report.skip", "report.allureHome",
            "report.allureVersion");
    static final String OTHER_COMPONENTS_PROPERTY_PREFIX = "baseline.";
    static final String CONFIG_PROPERTY = "mayabench.config";
    static final String UNKNOWN_NAME = "a setting mayabench knows (see docs/settings.md)";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern AWS_REGION_MISSING_DASH = Pattern.compile("([a-z]{2}(?:-[a-z]+)+)([0-9]+)");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private final List<Problem> problems = new ArrayList<>();
    private final List<String> unused = new ArrayList<>();
    /** Every value written for a key, in order of precedence. */
    private final Map<String, List<RawValue>> written = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    /** Settings whose effective value was rejected; cross-checks involving them would only add noise. */
    private final Set<Setting> rejected = EnumSet.noneOf(Setting.class);

    private ClusterSpecLoader() {
    }

    static ClusterSpec load(MayastorCluster annotation, ConfigSources sources) {
        ClusterSpecLoader loader = new ClusterSpecLoader();
        if (annotation != null) {
            loader.readAnnotation(annotation);
        }
        loader.readFile(sources);
        loader.readProperties(sources.systemProperties());
        loader.readEnvironment(sources.environment());
        ClusterSpec spec = loader.resolve();
        if (!loader.problems.isEmpty()) {
            throw new ConfigurationException(loader.problems);
        }
        return spec;
    }

    // ---- sources ----------------------------------------------------------------------------------------

    private void readAnnotation(MayastorCluster a) {
        text(Setting.NAME, a.name());
        text(Setting.PROVIDER, a.provider());
        number(Setting.STORAGE_NODES, a.storageNodes());
        number(Setting.WORKER_NODES, a.workerNodes());
        number(Setting.MASTER_NODES, a.masterNodes());
        text(Setting.INSTANCE, a.instance());
        text(Setting.WORKER_INSTANCE, a.workerInstance());
        text(Setting.KUBERNETES, a.kubernetes());
        number(Setting.REPLICAS, a.replicas());
        text(Setting.PROTOCOL, a.protocol());
        number(Setting.VOLUMES, a.volumes());
        text(Setting.VOLUME_SIZE, a.volumeSize());
        text(Setting.REGION, a.region());
        number(Setting.HUGEPAGES, a.hugepages());
        text(Setting.STORAGE_CLASS, a.storageClass());
        if (a.skip().length > 0) {
            write(RawValue.list(Setting.SKIP.key(), Arrays.asList(a.skip()), Origin.annotation(Setting.SKIP.key())));
        }
        // false is the attribute's default, so it cannot be told from "not written"
        if (a.reuse()) {
            write(RawValue.single(Setting.REUSE.key(), "true", Origin.annotation(Setting.REUSE.key())));
        }
    }

    private void text(Setting setting, String value) {
        if (!value.isBlank()) {
            write(RawValue.single(setting.key(), value, Origin.annotation(setting.key())));
        }
    }

    private void number(Setting setting, int value) {
        // only the attribute's default is "not written": -1 written by hand is a value, checked like any other
        if (value != MayastorCluster.UNSET) {
            write(RawValue.single(setting.key(), Integer.toString(value), Origin.annotation(setting.key())));
        }
    }

    private void readFile(ConfigSources sources) {
        Optional<RawValue> explicit = configLocation(sources);
        if (explicit.isPresent()) {
            readExplicitFile(explicit.get());
        } else {
            sources.classpathFile().ifPresent(this::readClasspathFile);
        }
    }

    /** {@code mayabench.config} as a property or variable; the variable wins, as for every other setting. */
    private static Optional<RawValue> configLocation(ConfigSources sources) {
        String variable = Setting.environmentVariable("config");
        Optional<RawValue> fromEnvironment = sources.environment().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(variable) && !e.getValue().isBlank())
                .map(e -> RawValue.single("config", e.getValue(), Origin.environment(e.getKey())))
                .findFirst();
        if (fromEnvironment.isPresent()) {
            return fromEnvironment;
        }
        return Optional.ofNullable(sources.systemProperties().get(CONFIG_PROPERTY))
                .filter(v -> !v.isBlank())
                .map(v -> RawValue.single("config", v, Origin.property(CONFIG_PROPERTY)));
    }

    private void readExplicitFile(RawValue location) {
        String setting = location.origin().kind() == Origin.Kind.ENVIRONMENT
                ? Setting.environmentVariable("config") : CONFIG_PROPERTY;
        Path path;
        try {
            path = Path.of(location.text().trim());
        } catch (InvalidPathException e) {
            problems.add(new Problem(setting, location.text(), "the path of a YAML file", e.getReason(),
                    location.origin().where()));
            return;
        }
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            problems.add(new Problem(setting, location.text(), "the path of an existing YAML file",
                    (Files.isDirectory(absolute) ? absolute + " is a directory" : "there is no file " + absolute)
                            + (path.isAbsolute() ? "" : " (relative paths start from the working directory "
                            + Path.of("").toAbsolutePath() + ")")
                            + "; fix the path, or remove " + setting + " to use " + ConfigSources.FILE_NAME
                            + " from the test classpath", location.origin().where()));
            return;
        }
        try {
            addFile(ConfigFile.read(Files.readString(absolute, StandardCharsets.UTF_8), absolute.toString()));
        } catch (IOException e) {
            problems.add(new Problem(setting, location.text(), "a readable UTF-8 YAML file",
                    "reading " + absolute + " failed: " + e, location.origin().where()));
        }
    }

    private void readClasspathFile(URL url) {
        String name = ConfigSources.FILE_NAME + " on the classpath (" + url + ")";
        try (InputStream in = url.openStream()) {
            addFile(ConfigFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), name));
        } catch (IOException e) {
            problems.add(new Problem(ConfigSources.FILE_NAME, null, "a readable UTF-8 YAML file",
                    "reading " + url + " failed: " + e, ""));
        }
    }

    private void addFile(ConfigFile file) {
        problems.addAll(file.problems());
        unused.addAll(file.unused());
        // One file may write a setting twice (a key and its playground alias, or MASTER_NODES.type and
        // WORKER_NODES.type). The same value twice is harmless; different values are a contradiction.
        Map<String, List<RawValue>> byKey = file.values().stream()
                .collect(Collectors.groupingBy(RawValue::key, LinkedHashMap::new, Collectors.toList()));
        byKey.forEach((key, values) -> {
            Set<String> distinct = values.stream()
                    .map(v -> v.shape() + ":" + v.text().trim().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            if (distinct.size() > 1) {
                problems.add(new Problem(key, values.stream().map(RawValue::text).collect(Collectors.joining("' and '")),
                        "one value per setting in " + file.location(),
                        "it is written " + values.size() + " times with different values ("
                                + values.stream().map(v -> v.origin().where().replaceFirst(" in .*", ""))
                                .collect(Collectors.joining(", "))
                                + "); keep one" + (key.equals(Setting.WORKER_INSTANCE.key())
                                ? " (mayabench uses one instance type for worker and master nodes)" : ""),
                        file.location()));
                Setting.byKey(key).ifPresent(rejected::add);
            }
            write(values.get(values.size() - 1));
        });
    }

    private void readProperties(Map<String, String> properties) {
        List<String> known = Stream.concat(Setting.allKeys().stream(), OTHER_COMPONENTS_PROPERTIES.stream()).toList();
        properties.forEach((name, value) -> {
            String key = name.substring(ConfigSources.PROPERTY_PREFIX.length());
            if (Setting.allKeys().contains(key)) {
                if (!value.isBlank()) {
                    write(RawValue.single(key, value, Origin.property(name)));
                }
            } else if (!OTHER_COMPONENTS_PROPERTIES.contains(key) && !key.startsWith(OTHER_COMPONENTS_PROPERTY_PREFIX)) {
                problems.add(new Problem(name, value, UNKNOWN_NAME, Suggestions.closest(key, known)
                        .map(k -> "did you mean '" + ConfigSources.PROPERTY_PREFIX + k + "'?")
                        .orElse("the known ones are " + known.stream()
                                .map(k -> ConfigSources.PROPERTY_PREFIX + k)
                                .collect(Collectors.joining(", "))),
                        "system property"));
            }
        });
    }

    private void readEnvironment(Map<String, String> environment) {
        Map<String, String> keysByVariable = new LinkedHashMap<>();
        Setting.allKeys().forEach(key -> keysByVariable.put(Setting.environmentVariable(key), key));
        List<String> others = OTHER_COMPONENTS_PROPERTIES.stream().map(Setting::environmentVariable).toList();
        String otherPrefix = Setting.environmentVariable(OTHER_COMPONENTS_PROPERTY_PREFIX);
        // compared without the prefix, which every candidate shares and would make any name look close
        List<String> known = Stream.concat(keysByVariable.keySet().stream(), others.stream())
                .map(v -> v.substring(ConfigSources.ENVIRONMENT_PREFIX.length()))
                .toList();
        environment.forEach((name, value) -> {
            // Windows treats variable names case-insensitively; match them the same way everywhere
            String upper = name.toUpperCase(Locale.ROOT);
            String key = keysByVariable.get(upper);
            if (key != null) {
                if (!value.isBlank()) {
                    write(RawValue.single(key, value, Origin.environment(name)));
                }
            } else if (!others.contains(upper) && !upper.startsWith(otherPrefix)) {
                String suffix = upper.substring(ConfigSources.ENVIRONMENT_PREFIX.length());
                problems.add(new Problem(name, value, UNKNOWN_NAME, Suggestions.closest(suffix, known)
                        .map(k -> "did you mean '" + ConfigSources.ENVIRONMENT_PREFIX + k + "'?")
                        .orElse("the known ones are " + known.stream()
                                .map(k -> ConfigSources.ENVIRONMENT_PREFIX + k)
                                .collect(Collectors.joining(", "))),
                        "environment variable"));
            }
        });
    }

    private void write(RawValue value) {
        written.computeIfAbsent(value.key(), k -> new ArrayList<>()).add(value);
    }

    // ---- resolution -------------------------------------------------------------------------------------

    private ClusterSpec resolve() {
        String name = resolve(Setting.NAME, DEFAULT_NAME, single(this::name));
        String provider = resolve(Setting.PROVIDER, DEFAULT_PROVIDER, single(this::provider));
        int storageNodes = resolve(Setting.STORAGE_NODES, DEFAULT_STORAGE_NODES, count(1, MAX_COUNT,
                "Mayastor needs at least one storage node for its pools"));
        int workerNodes = resolve(Setting.WORKER_NODES, DEFAULT_WORKER_NODES, count(0, MAX_COUNT,
                "0 runs the fio pods on the storage nodes"));
        int masterNodes = resolve(Setting.MASTER_NODES, DEFAULT_MASTER_NODES, count(1, MAX_COUNT,
                "Kubernetes needs at least one control-plane node"));
        boolean onAzure = provider.equals("azure");
        String instance = resolve(Setting.INSTANCE, onAzure ? DEFAULT_AZURE_INSTANCE : DEFAULT_INSTANCE,
                single(v -> InstanceType.check(v, provider, true)));
        String workerInstance = resolve(Setting.WORKER_INSTANCE,
                onAzure ? DEFAULT_AZURE_WORKER_INSTANCE : DEFAULT_WORKER_INSTANCE,
                single(v -> InstanceType.check(v, provider, false)));
        String kubernetes = resolve(Setting.KUBERNETES, DEFAULT_KUBERNETES, single(this::kubernetes));
        int replicas = resolve(Setting.REPLICAS, DEFAULT_REPLICAS, count(1, MAX_COUNT,
                "a volume has at least one replica"));
        String protocol = resolve(Setting.PROTOCOL, DEFAULT_PROTOCOL, single(this::protocol));
        int volumes = resolve(Setting.VOLUMES, DEFAULT_VOLUMES, count(1, MAX_COUNT,
                "a benchmark needs at least one volume"));
        String volumeSize = resolve(Setting.VOLUME_SIZE, DEFAULT_VOLUME_SIZE, single(Quantity::check));
        boolean onAws = provider.equals("aws");
        Optional<String> region = resolve(Setting.REGION, Optional.empty(),
                single(v -> onAzure ? AzureChecks.region(v) : region(v, onAws)));
        int hugepages = resolve(Setting.HUGEPAGES, DEFAULT_HUGEPAGES, count(MIN_HUGEPAGES, MAX_HUGEPAGES,
                "Mayastor's io-engine needs at least 1024 pages of 2 MiB (2 GiB) on every storage node"));
        Set<StageName> skip = resolve(Setting.SKIP, Set.of(), this::stages);
        boolean reuse = resolve(Setting.REUSE, false, single(this::bool));
        boolean strict = resolve(Setting.STRICT, false, single(this::bool));
        Path baselineDir = resolve(Setting.BASELINE_DIR, DEFAULT_BASELINE_DIR, single(this::baselineDirectory));
        boolean baselineUpdate = resolve(Setting.BASELINE_UPDATE, false, single(this::bool));
        Optional<Path> localDir = resolve(Setting.LOCAL_DIR, Optional.empty(), single(this::directory));
        Optional<Path> localDevice = resolve(Setting.LOCAL_DEVICE, Optional.empty(), single(this::device));
        String fioExecutable = resolve(Setting.FIO_EXECUTABLE, DEFAULT_FIO_EXECUTABLE, single(Verdict::accept));
        AwsOptions aws = new AwsOptions(
                resolve(Setting.AWS_ENDPOINT, Optional.empty(), single(AwsChecks::endpoint)),
                resolve(Setting.AWS_SSH_CIDR, Optional.empty(), single(AwsChecks::sshCidr)),
                resolve(Setting.AWS_AMI, Optional.empty(), single(AwsChecks::ami)),
                resolve(Setting.AWS_ZONE, Optional.empty(), single(AwsChecks::zone)),
                resolve(Setting.AWS_ROOT_VOLUME, AwsOptions.DEFAULT_ROOT_VOLUME_GIB, count(8, 16_384,
                        "Ubuntu's image needs a root volume of at least 8 GiB")),
                resolve(Setting.AWS_TTL, AwsOptions.DEFAULT_TTL, single(AwsChecks::ttl)));
        AzureOptions azure = new AzureOptions(
                resolve(Setting.AZURE_SUBSCRIPTION, Optional.empty(), single(AzureChecks::subscription)),
                resolve(Setting.AZURE_ENDPOINT, Optional.empty(), single(AzureChecks::endpoint)),
                resolve(Setting.AZURE_SSH_CIDR, Optional.empty(), single(AwsChecks::sshCidr)),
                resolve(Setting.AZURE_IMAGE, AzureOptions.DEFAULT_IMAGE, single(AzureChecks::image)),
                // an OS disk cannot be smaller than its image's (30 GiB for Canonical's Ubuntu images on Azure, as
                // az vm image show reports it; UNVERIFIED here) nor larger than 4,095 GiB (Azure docs, "Expand virtual
                // hard disks on a Linux VM")
                resolve(Setting.AZURE_OS_DISK, AzureOptions.DEFAULT_OS_DISK_GIB, count(30, 4_095,
                        "the OS disk is at least as large as Ubuntu's image, 30 GiB")),
                resolve(Setting.AZURE_TTL, AzureOptions.DEFAULT_TTL, single(AwsChecks::ttl)));
        KubeOptions kube = new KubeOptions(
                resolve(Setting.STORAGE_CLASS, Optional.empty(), single(KubeChecks::storageClass)),
                resolve(Setting.KUBECONFIG, Optional.empty(), single(KubeChecks::kubeconfig)),
                resolve(Setting.KUBE_NAMESPACE, KubeOptions.DEFAULT_NAMESPACE, single(KubeChecks::namespace)),
                resolve(Setting.KUBE_FIO_IMAGE, KubeOptions.DEFAULT_FIO_IMAGE, single(KubeChecks::image)),
                resolve(Setting.KUBE_KEEP, false, single(this::bool)),
                resolve(Setting.KUBE_TIMEOUT, KubeOptions.DEFAULT_TIMEOUT, single(KubeChecks::timeout)),
                resolve(Setting.KUBE_HELM_MIRROR, KubeOptions.DEFAULT_HELM_MIRROR, single(KubeChecks::mirror)));
        KubeChecks.PoolDisks disks = resolve(Setting.MAYASTOR_POOL_DISK,
                new KubeChecks.PoolDisks(Optional.empty(), Map.of()), single(KubeChecks::poolDisks));
        MayastorOptions mayastor = new MayastorOptions(
                resolve(Setting.MAYASTOR_CHART_VERSION, MayastorOptions.DEFAULT_CHART_VERSION,
                        single(KubeChecks::chartVersion)),
                resolve(Setting.MAYASTOR_IO_ENGINE_CPUS, MayastorOptions.DEFAULT_IO_ENGINE_CPUS, count(1, 64,
                        "the io-engine polls with at least one dedicated core")),
                resolve(Setting.MAYASTOR_IO_ENGINE_CORES, List.of(), single(KubeChecks::cores)),
                resolve(Setting.MAYASTOR_ETCD_REPLICAS, 0, count(0, 7,
                        "0 means one per storage node, at most 3")),
                disks.all(), disks.perNode(),
                resolve(Setting.MAYASTOR_FS_TYPE, MayastorOptions.DEFAULT_FS_TYPE, single(KubeChecks::fsType)),
                resolve(Setting.MAYASTOR_THIN, false, single(this::bool)));
        PlaybookOptions playbooks = new PlaybookOptions(
                resolve(Setting.PLAYBOOKS, List.of(), this::playbooks),
                resolve(Setting.PLAYBOOKS_AFTER, PlaybookOptions.DEFAULT_AFTER, single(PlaybookChecks::after)));
        Map<String, SourcedValue> fio = fioOverrides();

        if (!rejected.contains(Setting.REPLICAS) && !rejected.contains(Setting.STORAGE_NODES)
                && replicas > storageNodes) {
            // replicas was written: its default, 1, never exceeds the at least 1 storage node
            RawValue raw = last(Setting.REPLICAS).orElseThrow();
            problems.add(new Problem(Setting.REPLICAS.key(), Integer.toString(replicas),
                    "at most storageNodes (" + storageNodes + ", from " + origins.get(Setting.STORAGE_NODES.key())
                            + "): each replica of a volume lives on a different storage node",
                    "lower replicas to " + storageNodes + " or raise storageNodes to " + replicas,
                    raw.origin().where()));
        }
        return new ClusterSpec(name, provider, storageNodes, workerNodes, masterNodes, instance, workerInstance,
                kubernetes, replicas, protocol, volumes, volumeSize, region, hugepages, skip, reuse, strict, baselineDir, baselineUpdate, localDir,
                localDevice,
                fioExecutable, aws, azure, kube, mayastor, playbooks, fio, origins, unused);
    }

    /** Checks every written value of a setting and returns the last one, or the default when none is written. */
    private <T> T resolve(Setting setting, T fallback, Function<RawValue, Verdict<T>> check) {
        T value = fallback;
        Origin origin = Origin.DEFAULT;
        boolean lastAccepted = true;
        for (RawValue raw : written.getOrDefault(setting.key(), List.of())) {
            Verdict<T> verdict = check.apply(raw);
            lastAccepted = verdict.accepted();
            if (lastAccepted) {
                value = verdict.value();
            } else {
                problems.add(new Problem(setting.key(), raw.text(), verdict.allowed(), verdict.fix(),
                        raw.origin().where()));
            }
            origin = raw.origin();
        }
        if (!lastAccepted) {
            rejected.add(setting);
        }
        origins.put(setting.key(), origin.where());
        return value;
    }

    private Optional<RawValue> last(Setting setting) {
        List<RawValue> values = written.getOrDefault(setting.key(), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private Map<String, SourcedValue> fioOverrides() {
        Map<String, SourcedValue> fio = new LinkedHashMap<>();
        for (String attribute : Setting.FIO_KEYS) {
            String key = "fio." + attribute;
            for (RawValue raw : written.getOrDefault(key, List.of())) {
                if (raw.shape() == RawValue.Shape.SINGLE) {
                    fio.put(attribute, new SourcedValue(raw.text().trim(), raw.origin().where()));
                    origins.put(key, raw.origin().where());
                } else {
                    problems.add(new Problem(key, raw.text(), "a single value, as in @Fio(" + attribute + ")",
                            shapeFix(raw), raw.origin().where()));
                }
            }
        }
        return fio;
    }

    // ---- checks -----------------------------------------------------------------------------------------

    /** A check for settings that take one value: lists and mappings are rejected before {@code check} runs. */
    private static <T> Function<RawValue, Verdict<T>> single(Function<String, Verdict<T>> check) {
        return raw -> raw.shape() == RawValue.Shape.SINGLE
                ? check.apply(raw.text())
                : Verdict.reject("a single value", shapeFix(raw));
    }

    private static String shapeFix(RawValue raw) {
        return raw.shape() == RawValue.Shape.LIST
                ? "write one value instead of a list"
                : "write one value instead of a nested mapping";
    }

    private static Function<RawValue, Verdict<Integer>> count(int min, int max, String why) {
        String allowed = "a whole number from " + min + " to " + max;
        return single(text -> {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                return Verdict.reject(allowed, "write digits only, e.g. " + Math.max(min, 1));
            }
            if (value < min) {
                return Verdict.reject(allowed, why);
            }
            if (value > max) {
                return Verdict.reject(allowed, "more than " + max + " is taken for a typo");
            }
            return Verdict.accept(value);
        });
    }

    private Verdict<String> name(String raw) {
        String value = raw.trim();
        String allowed = "lower-case letters, digits and '-', starting and ending with a letter or digit, at most "
                + MAX_NAME_LENGTH + " characters (it names the workspace directory, cloud tags and Kubernetes "
                + "objects)";
        if (NAME.matcher(value).matches() && value.length() <= MAX_NAME_LENGTH) {
            return Verdict.accept(value);
        }
        String suggestion = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (suggestion.length() > MAX_NAME_LENGTH) {
            suggestion = suggestion.substring(0, MAX_NAME_LENGTH).replaceAll("-+$", "");
        }
        return Verdict.reject(allowed, suggestion.isEmpty() ? "" : "did you mean '" + suggestion + "'?");
    }

    private Verdict<String> provider(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (Setting.PROVIDERS.contains(value)) {
            return Verdict.accept(value);
        }
        String allowed = "one of " + String.join(", ", Setting.PROVIDERS);
        if (PLANNED_PROVIDERS.contains(value)) {
            return Verdict.reject(allowed, "'" + value + "' is planned but not available yet; use aws, or existing "
                    + "with a cluster you made yourself");
        }
        return Verdict.reject(allowed, Suggestions.didYouMean(value, Setting.PROVIDERS));
    }

    private Verdict<String> kubernetes(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (INSTALLERS.contains(value)) {
            return Verdict.accept(value);
        }
        return Verdict.reject("one of " + String.join(", ", INSTALLERS), Suggestions.didYouMean(value, INSTALLERS));
    }

    private Verdict<String> protocol(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.equals(DEFAULT_PROTOCOL)) {
            return Verdict.accept(value);
        }
        String allowed = "nvmf (Mayastor serves volumes over NVMe-oF)";
        return switch (value) {
            case "iscsi", "nbd" -> Verdict.reject(allowed, "current Mayastor releases do not serve volumes over "
                    + value + "; use nvmf");
            case "nvme", "nvmeof", "nvme-of", "nvme-tcp", "nvmf-tcp", "tcp" ->
                    Verdict.reject(allowed, "did you mean 'nvmf'? It is the StorageClass's name for NVMe-oF over TCP");
            default -> Verdict.reject(allowed, Suggestions.closest(value, List.of(DEFAULT_PROTOCOL)).isPresent()
                    ? "did you mean 'nvmf'?" : "use nvmf");
        };
    }

    private static Verdict<Optional<String>> region(String raw, boolean aws) {
        String value = raw.trim();
        if (!aws) {
            // other providers name their regions differently (Azure: westeurope); only the shape is checked
            return REGION.matcher(value).matches()
                    ? Verdict.accept(Optional.of(value))
                    : Verdict.reject("a region name such as eu-west-1", "use letters, digits and '-' only");
        }
        if (AWS_REGION.matcher(value).matches()) {
            return Verdict.accept(Optional.of(value));
        }
        String lower = value.toLowerCase(Locale.ROOT).replace('_', '-').replaceAll("\\s+", "");
        String suggestion = AWS_REGION.matcher(lower).matches() ? lower
                : AWS_REGION_MISSING_DASH.matcher(lower).matches()
                ? AWS_REGION_MISSING_DASH.matcher(lower).replaceFirst("$1-$2") : null;
        return Verdict.reject("an AWS region such as eu-west-1 or us-east-2",
                suggestion == null ? "see the regions your account may use in the AWS console"
                        : "did you mean '" + suggestion + "'?");
    }

    private Verdict<Set<StageName>> stages(RawValue raw) {
        if (raw.shape() == RawValue.Shape.MAPPING) {
            return Verdict.reject("a list of stage names", "write them as a list or comma-separated, e.g. "
                    + "'tunnel,kubernetes'");
        }
        Set<StageName> stages = EnumSet.noneOf(StageName.class);
        List<String> unknown = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (String id : raw.elements()) {
            Optional<StageName> stage = StageName.of(id);
            if (stage.isPresent()) {
                stages.add(stage.get());
                continue;
            }
            unknown.add(id);
            Optional<StageName> playground = PlaygroundVars.stageOf(id);
            fixes.add(playground.isPresent()
                    ? "'" + id + "' is the playground's name for '" + playground.get().id() + "'"
                    : "'" + id + "': " + Suggestions.didYouMean(id, StageName.ids()));
        }
        if (!unknown.isEmpty()) {
            return Verdict.reject("stage names from " + String.join(", ", StageName.ids()), String.join("; ", fixes));
        }
        return Verdict.accept(Set.copyOf(stages));
    }

    private Verdict<List<UserPlaybook>> playbooks(RawValue raw) {
        if (raw.shape() == RawValue.Shape.MAPPING) {
            return Verdict.reject(PlaybookChecks.ALLOWED, "write them as a list or comma-separated; where they run "
                    + "is the setting 'playbooks.after', written flat ('playbooks.after: prepare-nodes')");
        }
        return PlaybookChecks.files(raw.elements());
    }

    private Verdict<Boolean> bool(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Verdict.accept(Boolean.parseBoolean(value));
        }
        return Verdict.reject("true or false", Suggestions.closest(value, List.of("true", "false"))
                .map(s -> "did you mean '" + s + "'?").orElse(""));
    }

    private Verdict<Path> baselineDirectory(String raw) {
        Verdict<Optional<Path>> directory = directory(raw);
        return directory.accepted() ? Verdict.accept(directory.value().orElseThrow())
                : Verdict.reject(directory.allowed(), directory.fix());
    }

    private Verdict<Optional<Path>> device(String raw) {
        Path path;
        try {
            path = Path.of(raw.trim());
        } catch (InvalidPathException e) {
            return Verdict.reject("a block device path such as /dev/nvme1n1", e.getReason());
        }
        if (!path.isAbsolute() || !path.startsWith("/dev")) {
            return Verdict.reject("a block device path such as /dev/nvme1n1", "name the device under /dev; "
                    + "for a directory of files use local.dir");
        }
        return Verdict.accept(Optional.of(path));
    }

    private Verdict<Optional<Path>> directory(String raw) {
        String text = raw.trim();
        // a shell expands ~ before a program sees it; a YAML value, an annotation or -Dx=~/y (after the =) is not
        // expanded by anyone, and Path.of("~/x") is a directory literally named ~ in the working directory
        if (text.startsWith("~") && !text.equals("~") && !text.startsWith("~/")) {
            return Verdict.reject("a directory path (~ and ~/... mean your home directory)", "~user is not "
                    + "expanded; write the full path, e.g. /home/" + text.substring(1).split("/", 2)[0]
                    + (text.contains("/") ? text.substring(text.indexOf('/')) : ""));
        }
        Path path;
        try {
            path = Path.of(text.replaceFirst("^~(?=/|$)", java.util.regex.Matcher.quoteReplacement(
                    System.getProperty("user.home"))));
        } catch (InvalidPathException e) {
            return Verdict.reject("a directory path", e.getReason());
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            return Verdict.reject("a directory (it is created if missing)",
                    path.toAbsolutePath() + " is a file; name a directory for fio's data files");
        }
        return Verdict.accept(Optional.of(path));
    }
}
