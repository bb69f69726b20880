package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.ec2.FakeEc2;
import dev.mayabench.fixtures.kube.ChartRepositoryServer;
import dev.mayabench.fixtures.kube.MayastorSimulator;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code mayabench-cli} jar as a user runs it: {@code java -jar mayabench-cli-VERSION.jar ...} in its own
 * process, in a scratch working directory, with {@code MAYABENCH_HOME} pointing into the test's temporary directory
 * (never the user's {@code ~/.mayabench}). What a broken shade would show only here: a service file of one jar
 * overwriting another's (no provider, no HTTP client for fabric8 or the AWS SDK), a signed jar's signature refusing
 * the merged jar, a missing main class or version, no SLF4J provider.
 */
class ExecutableJarIT {

    /** Problems a shaded jar shows at run time and the library-only classpath of the unit tests never does. */
    static final List<String> BROKEN_JAR = List.of("ServiceConfigurationError", "NoClassDefFoundError",
            "ClassNotFoundException", "Invalid signature file", "No SLF4J providers",
            "No httpclient implementations found", "Unable to load an HTTP implementation");

    @TempDir
    Path dir;

    Path home;
    Path project;

    @BeforeEach
    void directories() throws IOException {
        home = Files.createDirectories(dir.resolve("mayabench-home"));
        project = Files.createDirectories(dir.resolve("project"));
    }

    @Test
    void helpListsEverySubcommandQuickly() throws Exception {
        Run help = java(List.of(), "--help");

        assertThat(help.status()).as(help.all()).isZero();
        assertThat(help.out()).startsWith("Usage: mayabench")
                .containsPattern("(?m)^  up ").containsPattern("(?m)^  prepare ").containsPattern("(?m)^  down ")
                .containsPattern("(?m)^  reap ").containsPattern("(?m)^  list ").containsPattern("(?m)^  doctor ");
        assertThat(help.all()).doesNotContain(BROKEN_JAR);
        // a generous bound: what it measures is that the help does not start the AWS SDK or fabric8
        assertThat(help.took()).isLessThan(Duration.ofSeconds(10));
        System.out.println("java -jar mayabench-cli.jar --help took " + help.took().toMillis() + " ms; the jar is "
                + (Files.size(jar()) >> 20) + " MiB");
    }

    @Test
    void versionIsTheProjectVersionFromTheManifest() throws Exception {
        Run version = java(List.of(), "--version");

        assertThat(version.status()).as(version.all()).isZero();
        assertThat(version.out().strip()).isEqualTo("mayabench " + System.getProperty("mayabench.cli.version"));
    }

    @Test
    void listSaysWhereItLookedWhenThereIsNoCluster() throws Exception {
        Run list = java(List.of(), "list");

        assertThat(list.status()).as(list.all()).isZero();
        assertThat(list.out()).contains("no cluster workspaces in [" + project.toRealPath().resolve("target/mayabench")
                + ", " + home.toAbsolutePath().normalize().resolve("clusters") + "]");
    }

    @Test
    void downDeletesAKeptLocalClusterThatListShowed() throws Exception {
        Path data = keptLocalCluster("ide");
        Path workspace = home.resolve("clusters/ide");
        Run list = java(List.of(), "list");
        assertThat(list.status()).as(list.all()).isZero();
        assertThat(list.out()).containsPattern("(?m)^ide  provider local  0 node\\(s\\)  1 resource\\(s\\)  created .*"
                + java.util.regex.Pattern.quote(workspace.toString()) + "$");

        Run down = java(List.of(), "down", "ide");

        assertThat(down.status()).as(down.all()).isZero();
        assertThat(down.out()).contains("removed " + data).contains("cluster 'ide' is gone");
        assertThat(workspace).doesNotExist();
        assertThat(data).doesNotExist();
        assertThat(data.resolveSibling("unrelated.txt")).as("only the recorded data goes").exists();
        assertThat(down.all()).doesNotContain(BROKEN_JAR);
        Run again = java(List.of(), "down", "ide");
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("no workspace of cluster 'ide'");
    }

    /** The AWS SDK inside the jar finds its HTTP client (a service file) and signs requests to the fake EC2. */
    @Test
    void upDryRunOfTheAwsProviderAsksTheEc2EndpointAndCreatesNothing() throws Exception {
        try (FakeEc2 ec2 = FakeEc2.start("eu-west-1")) {
            List<String> settings = List.of("-Daws.accessKeyId=AKIAFAKEFAKEFAKE0003",
                    "-Daws.secretAccessKey=dry/run/secret", "-Dmayabench.name=jarplan", "-Dmayabench.provider=aws",
                    "-Dmayabench.region=eu-west-1", "-Dmayabench.storageNodes=2", "-Dmayabench.instance=i3.xlarge",
                    "-Dmayabench.aws.sshCidr=198.51.100.7/32", "-Dmayabench.aws.endpoint=" + ec2.endpoint());

            Run up = java(settings, "up", "--dry-run");

            assertThat(up.status()).as(up.all()).isZero();
            assertThat(up.out()).containsPattern("storage-2\\s+storage\\s+i3\\.xlarge")
                    .contains("dry run: nothing was created");
            assertThat(ec2.calls("DescribeInstanceTypes")).as("it asked EC2 through the jar's SDK").isPositive();
            assertThat(ec2.calls("RunInstances")).isZero();
            assertThat(ec2.liveResources()).isEmpty();
            assertThat(up.all()).doesNotContain(BROKEN_JAR);
        }
    }

    /** fabric8 inside the jar finds its JDK HTTP client (a service file) and reads the simulated cluster. */
    @Test
    void doctorReachesAKubernetesClusterThroughTheJarsFabric8Client() throws Exception {
        try (MayastorSimulator cluster = MayastorSimulator.builder().storageNodes("storage-1", "storage-2")
                .mayastorNotInstalled().workDirectory(dir.resolve("cluster")).start();
             ChartRepositoryServer charts = ChartRepositoryServer.start("mayastor", "2.10.0", "2.11.0")) {
            Path kubeconfig = cluster.kubeconfig(dir.resolve("admin.conf"));
            // the storage nodes and their disks as 'mayabench up' records them (DoctorCommandTest does the same)
            Workspace workspace = Workspace.open(dir.resolve("sim-workspace"));
            workspace.writeState(WorkspaceState.fresh("sim", "existing", "it").withNodes(List.of(
                    storage("storage-1"), storage("storage-2"))));

            Run doctor = java(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"), "doctor", "sim", "--workspace", workspace.directory().toString(), "--kubeconfig", kubeconfig.toString(),
                    "--chart-repository", charts.url().toString());

            assertThat(doctor.all()).doesNotContain(BROKEN_JAR);
            // the jar's SLF4J provider (slf4j-simple, on stderr) shows the libraries' logs; here fabric8's choice
            assertThat(doctor.err()).contains("DEBUG io.fabric8.kubernetes.client.utils.HttpClientUtils - Using "
                    + "httpclient io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory factory");
            assertThat(doctor.out()).contains("cluster sim (" + cluster.client().getMasterUrl())
                    .contains("kubernetes        cluster: Kubernetes 1.31")
                    .contains("chart-version     chart 2.11.0: published");
            assertThat(doctor.status()).as("0 nothing stops the deploy, 1 something would: " + doctor.all())
                    .isIn(0, 1);
        }
    }

    @Test
    void doctorWithAKubeconfigThatIsNotAFileSaysSo() throws Exception {
        Run doctor = java(List.of(), "doctor", "--kubeconfig", dir.resolve("nope.conf").toString());

        assertThat(doctor.status()).isEqualTo(2);
        assertThat(doctor.err()).contains("--kubeconfig " + dir.resolve("nope.conf")).contains("is not a file");
        assertThat(doctor.all()).doesNotContain(BROKEN_JAR);
    }

    /**
     * Every provider a dependency declares in {@code META-INF/services}, whose class the jar carries, is declared in
     * the jar too: without the merge only one jar's copy of a shared file survives (the extension's and Allure's
     * {@code TestExecutionListener}, fabric8's model jars' {@code KubernetesResource}), and ServiceLoader finds the
     * rest of them nowhere.
     */
    @Test
    void theJarDeclaresEveryServiceProviderOfItsDependencies() throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        Set<String> classes = new HashSet<>();
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                } else if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
                    declared.put(entry.getName(), providers(jar, entry));
                }
            }
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(element);
            if (!element.endsWith(".jar") || !Files.isRegularFile(path) || path.equals(jar())) {
                continue;
            }
            try (JarFile dependency = new JarFile(path.toFile())) {
                for (JarEntry entry : java.util.Collections.list(dependency.entries())) {
                    if (!entry.getName().startsWith("META-INF/services/") || entry.isDirectory()) {
                        continue;
                    }
                    for (String provider : providers(dependency, entry)) {
                        boolean carried = classes.contains(provider.replace('.', '/') + ".class");
                        if (carried && !declared.getOrDefault(entry.getName(), Set.of()).contains(provider)) {
                            missing.computeIfAbsent(entry.getName() + " (from " + path.getFileName() + ")",
                                    k -> new TreeSet<>()).add(provider);
                        }
                    }
                }
            }
        }

        assertThat(missing).as("service providers the jar carries but does not declare").isEmpty();
        assertThat(declared.get("META-INF/services/org.junit.platform.launcher.TestExecutionListener"))
                .contains("dev.mayabench.junit.RegressionSummary",
                        "io.qameta.allure.junitplatform.AllureJunitPlatform");
    }

    /** One copy of each licence text the jar's contents come under, and the merged NOTICE. */
    @Test
    void theJarCarriesTheLicencesOfWhatItContains() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License").contains("Version 2.0");
            assertThat(text(jar, "META-INF/LICENSE-junit.md")).contains("Eclipse Public License");
            assertThat(text(jar, "META-INF/LICENSE-slf4j.txt")).contains("QOS.ch", "Permission is hereby granted");
            assertThat(text(jar, "META-INF/NOTICE")).contains("The Apache Software Foundation");
            assertThat(jar.getEntry("META-INF/LICENSE.txt")).as("the Apache text again, or SLF4J's under a name "
                    + "that hides whose it is").isNull();
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name + " in the jar").isNotNull();
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> providers(JarFile jar, JarEntry entry) throws IOException {
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * A kept cluster of the local provider as {@code LocalProvisioner} leaves it with {@code mayabench.reuse=true} and
     * {@code mayabench.local.dir} set: a workspace under {@code MAYABENCH_HOME/clusters/<name>} whose state lists
     * the fio data directory (kind {@code directory}, the absolute path).
     */
    private Path keptLocalCluster(String name) throws IOException {
        Path parent = Files.createDirectories(dir.resolve("disk"));
        Path data = Files.createDirectories(parent.resolve("mayabench-" + name));
        Files.write(data.resolve("fio-data.0.0"), new byte[1 << 20]);
        Files.writeString(parent.resolve("unrelated.txt"), "not mayabench's");
        Workspace workspace = Workspace.open(home.resolve("clusters").resolve(name));
        workspace.writeState(WorkspaceState.fresh(name, "local", "it")
                .withResource(new WorkspaceState.CreatedResource("directory", data.toString(), "fio data files")));
        return data;
    }

    private static ClusterNode storage(String name) {
        return new ClusterNode(name, EnumSet.of(NodeRole.STORAGE), "10.42.0.5", Optional.empty(), 22, "ubuntu",
                Optional.of("/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_" + name));
    }

    private Path jar() {
        String jar = System.getProperty("mayabench.cli.jar");
        assertThat(jar).as("system property mayabench.cli.jar (set by the module's failsafe configuration)")
                .isNotBlank();
        return Path.of(jar);
    }

    /** Runs {@code java [jvmOptions] -jar the.jar args} in the scratch project with MAYABENCH_HOME set. */
    private Run java(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Map<String, String> environment = builder.environment();
        // the child sees only what the test gives it: no AWS or mayabench settings of the machine running the build
        environment.keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("MAYABENCH_")
                || key.equals("KUBECONFIG"));
        environment.put("MAYABENCH_HOME", home.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end within 2 minutes");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8), took);
    }

    record Run(int status, String out, String err, Duration took) {
        String all() {
            return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
