package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.mayabench.junit.MayastorCluster;
import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSpecPrecedenceTest {

    @TempDir
    Path dir;

    @MayastorCluster
    static class Unset {
    }

    @MayastorCluster(storageNodes = 5, instance = "i3.2xlarge", reuse = true, skip = {"tunnel", "kubernetes"},
            region = "eu-west-1", name = "from-annotation")
    static class Five {
    }

    private static MayastorCluster annotationOf(Class<?> type) {
        return type.getAnnotation(MayastorCluster.class);
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "mayabench", ".yaml"), text);
    }

    @Test
    void withoutAnySettingEverythingIsItsDefault() {
        ClusterSpec spec = ClusterSpec.defaults();

        assertThat(spec.name()).isEqualTo("mayabench");
        assertThat(spec.provider()).isEqualTo("local");
        assertThat(spec.storageNodes()).isEqualTo(3);
        assertThat(spec.workerNodes()).isEqualTo(1);
        assertThat(spec.masterNodes()).isEqualTo(1);
        assertThat(spec.instance()).isEqualTo("i3.xlarge");
        assertThat(spec.workerInstance()).isEqualTo("m5.xlarge");
        assertThat(spec.kubernetes()).isEqualTo("k3s");
        assertThat(spec.replicas()).isEqualTo(1);
        assertThat(spec.protocol()).isEqualTo("nvmf");
        assertThat(spec.volumes()).isEqualTo(1);
        assertThat(spec.volumeSize()).isEqualTo("10Gi");
        assertThat(spec.region()).isEmpty();
        assertThat(spec.hugepages()).isEqualTo(1024);
        assertThat(spec.skip()).isEmpty();
        assertThat(spec.reuse()).isFalse();
        assertThat(spec.localDir()).isEmpty();
        assertThat(spec.fioExecutable()).isEqualTo("fio");
        assertThat(spec.fio()).isEmpty();
        assertThat(spec.origins().values()).containsOnly("default");
        assertThat(spec.notApplicable()).isEmpty();
    }

    @Test
    void unsetAnnotationAttributesLeaveTheDefaults() {
        ClusterSpec spec = ClusterSpec.load(annotationOf(Unset.class), ConfigSources.none());

        assertThat(spec).isEqualTo(ClusterSpec.defaults());
    }

    @Test
    void annotationOverridesDefaults() {
        ClusterSpec spec = ClusterSpec.load(annotationOf(Five.class), ConfigSources.none());

        assertThat(spec.storageNodes()).isEqualTo(5);
        assertThat(spec.instance()).isEqualTo("i3.2xlarge");
        assertThat(spec.reuse()).isTrue();
        assertThat(spec.skip()).containsExactly(StageName.TUNNEL, StageName.KUBERNETES);
        assertThat(spec.region()).contains("eu-west-1");
        assertThat(spec.origins()).contains(entry("storageNodes", "@MayastorCluster(storageNodes)"),
                entry("replicas", "default"));
    }

    @Test
    void fileOverridesAnnotation() throws IOException {
        Path file = yaml("storageNodes: 4\nreuse: false\n");

        ClusterSpec spec = ClusterSpec.load(annotationOf(Five.class),
                ConfigSources.of(Map.of("mayabench.config", file.toString()), Map.of()));

        assertThat(spec.storageNodes()).isEqualTo(4);
        assertThat(spec.reuse()).isFalse();
        assertThat(spec.instance()).isEqualTo("i3.2xlarge");
        assertThat(spec.origins().get("storageNodes")).isEqualTo("key storageNodes in " + file.toAbsolutePath());
    }

    @Test
    void systemPropertyOverridesFileAndEnvironmentOverridesSystemProperty() throws IOException {
        Path file = yaml("storageNodes: 4\n");
        Map<String, String> properties = Map.of("mayabench.config", file.toString(), "mayabench.storageNodes", "6");

        ClusterSpec withoutEnvironment = ClusterSpec.load(annotationOf(Five.class),
                ConfigSources.of(properties, Map.of()));
        ClusterSpec withEnvironment = ClusterSpec.load(annotationOf(Five.class),
                ConfigSources.of(properties, Map.of("MAYABENCH_STORAGE_NODES", "7")));

        assertThat(withoutEnvironment.storageNodes()).isEqualTo(6);
        assertThat(withoutEnvironment.origins().get("storageNodes"))
                .isEqualTo("system property mayabench.storageNodes");
        assertThat(withEnvironment.storageNodes()).isEqualTo(7);
        assertThat(withEnvironment.origins().get("storageNodes"))
                .isEqualTo("environment variable MAYABENCH_STORAGE_NODES");
    }

    @Test
    void everySettingCanBeSetThroughPropertiesAndEnvironment() {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(
                Map.of("mayabench.name", "prop", "mayabench.workerInstance", "c5.large", "mayabench.local.dir",
                        dir.toString(), "mayabench.skip", "tunnel, prepare-nodes"),
                Map.of("MAYABENCH_WORKER_NODES", "0", "MAYABENCH_VOLUME_SIZE", "500Mi", "MAYABENCH_LOCAL_DIR",
                        dir.resolve("env").toString(), "MAYABENCH_FIO_EXECUTABLE", "/opt/fio/bin/fio",
                        "MAYABENCH_REUSE", "TRUE")));

        assertThat(spec.name()).isEqualTo("prop");
        assertThat(spec.workerInstance()).isEqualTo("c5.large");
        assertThat(spec.skip()).containsExactly(StageName.TUNNEL, StageName.PREPARE_NODES);
        assertThat(spec.workerNodes()).isZero();
        assertThat(spec.volumeSize()).isEqualTo("500Mi");
        assertThat(spec.localDir()).contains(dir.resolve("env"));
        assertThat(spec.fioExecutable()).isEqualTo("/opt/fio/bin/fio");
        assertThat(spec.reuse()).isTrue();
    }

    @Test
    void blankPropertiesAndVariablesLeaveTheSettingToLowerSources() throws IOException {
        Path file = yaml("storageNodes: 4\n");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(
                Map.of("mayabench.config", file.toString(), "mayabench.storageNodes", ""),
                Map.of("MAYABENCH_STORAGE_NODES", "  ")));

        assertThat(spec.storageNodes()).isEqualTo(4);
    }

    @Test
    void classpathFileIsReadWhenNoConfigIsNamed() {
        URL resource = getClass().getResource("/config/full.yaml");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.none().withClasspathFile(resource));

        assertThat(spec.name()).isEqualTo("nightly");
        assertThat(spec.provider()).isEqualTo("aws");
        assertThat(spec.storageNodes()).isEqualTo(4);
        assertThat(spec.workerNodes()).isEqualTo(2);
        assertThat(spec.masterNodes()).isEqualTo(3);
        assertThat(spec.instance()).isEqualTo("i3.2xlarge");
        assertThat(spec.workerInstance()).isEqualTo("m5.2xlarge");
        assertThat(spec.kubernetes()).isEqualTo("kubespray");
        assertThat(spec.replicas()).isEqualTo(3);
        assertThat(spec.volumes()).isEqualTo(4);
        assertThat(spec.volumeSize()).isEqualTo("20Gi");
        assertThat(spec.region()).contains("eu-central-1");
        assertThat(spec.hugepages()).isEqualTo(2048);
        assertThat(spec.skip()).containsExactly(StageName.TUNNEL);
        assertThat(spec.reuse()).isTrue();
        assertThat(spec.localDir()).contains(Path.of("/tmp/mayabench-data"));
        assertThat(spec.fioExecutable()).isEqualTo("/usr/local/bin/fio");
        assertThat(spec.origins().get("name")).startsWith("key name in mayabench.yaml on the classpath (");
    }

    @Test
    void namedConfigFileWinsOverTheClasspathOne() throws IOException {
        Path file = yaml("name: named\n");
        ConfigSources sources = new ConfigSources(Map.of("mayabench.config", file.toString()), Map.of(),
                Optional.of(getClass().getResource("/config/full.yaml")));

        ClusterSpec spec = ClusterSpec.load(null, sources);

        assertThat(spec.name()).isEqualTo("named");
        assertThat(spec.storageNodes()).isEqualTo(3);
    }

    @Test
    void configVariableNamesTheFileToo() throws IOException {
        Path file = yaml("name: from-variable\n");
        Path other = yaml("name: from-property\n");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.config", other.toString()),
                Map.of("MAYABENCH_CONFIG", file.toString())));

        assertThat(spec.name()).isEqualTo("from-variable");
    }

    @Test
    void fioOverridesKeepTheirOrigins() throws IOException {
        Path file = yaml("fio:\n  runtime: 30s\n  size: 1g\n");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(
                Map.of("mayabench.config", file.toString(), "mayabench.fio.runtime", "60s"),
                Map.of("MAYABENCH_FIO_IODEPTH", "16", "MAYABENCH_FIO_RAMP_TIME", "5s")));

        assertThat(spec.fio()).containsExactly(
                entry("iodepth", new SourcedValue("16", "environment variable MAYABENCH_FIO_IODEPTH")),
                entry("runtime", new SourcedValue("60s", "system property mayabench.fio.runtime")),
                entry("rampTime", new SourcedValue("5s", "environment variable MAYABENCH_FIO_RAMP_TIME")),
                entry("size", new SourcedValue("1g", "key fio.size in " + file.toAbsolutePath())));
        assertThat(spec.describe()).contains(entry("fio.runtime", "60s"), entry("fio.size", "1g"));
    }

    @Test
    void dottedKeysMayBeWrittenFlatInTheFile() throws IOException {
        Path file = yaml("local.dir: /srv/data\nfio.runtime: 10s\n");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.config", file.toString()),
                Map.of()));

        assertThat(spec.localDir()).contains(Path.of("/srv/data"));
        assertThat(spec.fio().get("runtime").value()).isEqualTo("10s");
    }

    @Test
    void currentReadsMayabenchYamlFromTheContextClassLoader() throws IOException {
        Files.writeString(dir.resolve(ConfigSources.FILE_NAME), "name: from-classpath\n");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Thread.currentThread().setContextClassLoader(loader);

            ConfigSources sources = ConfigSources.current();

            assertThat(sources.classpathFile()).contains(dir.resolve(ConfigSources.FILE_NAME).toUri().toURL());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void sourcesKeepOnlyMayabenchPropertiesAndVariables() {
        Map<String, String> properties = new HashMap<>(Map.of("java.home", "/jdk", "mayabench.name", "x"));
        Map<String, String> environment = Map.of("PATH", "/bin", "AWS_SECRET_ACCESS_KEY", "secret",
                "MAYABENCH_PROVIDER", "aws");

        ConfigSources sources = ConfigSources.of(properties, environment);

        assertThat(sources.systemProperties()).containsOnlyKeys("mayabench.name");
        assertThat(sources.environment()).containsOnlyKeys("MAYABENCH_PROVIDER");
        assertThat(sources.toString()).doesNotContain("secret");
    }
}
