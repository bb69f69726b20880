package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.mayabench.junit.MayastorCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSpecReportTest {

    @MayastorCluster(storageNodes = 3, instance = "i3.2xlarge")
    static class CloudSettingsOnLocal {
    }

    private static ClusterSpec load(Map<String, String> properties) {
        return ClusterSpec.load(null, ConfigSources.of(properties, Map.of()));
    }

    @Test
    void describeListsTheSettingsTheProviderUsesInAStableOrder() {
        ClusterSpec local = load(Map.of("mayabench.fio.runtime", "30s", "mayabench.storageNodes", "4"));

        assertThat(local.describe()).containsExactly(
                entry("name", "mayabench"),
                entry("provider", "local"),
                entry("skip", ""),
                entry("reuse", "false"),
                entry("strict", "false"),
                entry("baseline.dir", "src/test/baselines"),
                entry("baseline.update", "false"),
                entry("fio.executable", "fio"),
                entry("fio.runtime", "30s"));
    }

    @Test
    void describeOnAwsListsTheClusterSettings() {
        ClusterSpec aws = load(Map.of("mayabench.provider", "aws", "mayabench.region", "eu-west-1",
                "mayabench.skip", "kubernetes,tunnel"));

        assertThat(aws.describe().keySet()).containsExactly("name", "provider", "storageNodes", "workerNodes",
                "masterNodes", "instance", "workerInstance", "kubernetes", "replicas", "protocol", "volumes",
                "volumeSize", "region", "hugepages", "skip", "reuse", "strict", "baseline.dir", "baseline.update",
                "kube.namespace", "kube.fioImage", "kube.keep", "kube.timeout", "kube.helmMirror", "mayastor.chartVersion",
                "mayastor.ioEngineCpus", "mayastor.etcdReplicas", "mayastor.fsType", "mayastor.thin",
                "playbooks.after", "aws.rootVolumeGiB", "aws.ttl");
        assertThat(aws.describe()).contains(entry("skip", "tunnel,kubernetes"), entry("region", "eu-west-1"),
                entry("aws.rootVolumeGiB", "30"), entry("aws.ttl", "4h"), entry("kube.timeout", "600s"),
                entry("mayastor.chartVersion", "2.11.0"));
    }

    @Test
    void originsSayWhereEachValueCameFrom() {
        ClusterSpec spec = ClusterSpec.load(CloudSettingsOnLocal.class.getAnnotation(MayastorCluster.class),
                ConfigSources.of(Map.of("mayabench.reuse", "true"), Map.of("MAYABENCH_FIO_BS", "8k")));

        assertThat(spec.origins()).contains(
                entry("name", "default"),
                entry("storageNodes", "@MayastorCluster(storageNodes)"),
                entry("reuse", "system property mayabench.reuse"),
                entry("fio.bs", "environment variable MAYABENCH_FIO_BS"));
    }

    @Test
    void cloudSettingsSetExplicitlyAreNotApplicableOnLocal() {
        ClusterSpec spec = ClusterSpec.load(CloudSettingsOnLocal.class.getAnnotation(MayastorCluster.class),
                ConfigSources.of(Map.of("mayabench.kubernetes", "kubeadm"), Map.of()));

        assertThat(spec.notApplicable()).containsExactly(
                "storageNodes = 3 (@MayastorCluster(storageNodes)) is not applicable to provider 'local': it runs "
                        + "fio as a local process against a local directory; there are no machines, no Kubernetes "
                        + "and no Mayastor",
                "instance = i3.2xlarge (@MayastorCluster(instance)) is not applicable to provider 'local': it runs "
                        + "fio as a local process against a local directory; there are no machines, no Kubernetes "
                        + "and no Mayastor",
                "kubernetes = kubeadm (system property mayabench.kubernetes) is not applicable to provider 'local': "
                        + "it runs fio as a local process against a local directory; there are no machines, no "
                        + "Kubernetes and no Mayastor");
    }

    @Test
    void localSettingsAreNotApplicableOnAwsAndMachineSettingsNotOnExisting() {
        assertThat(load(Map.of("mayabench.provider", "aws", "mayabench.local.dir", "/data")).notApplicable())
                .containsExactly("local.dir = /data (system property mayabench.local.dir) is not applicable to "
                        + "provider 'aws': fio runs in pods against Mayastor volumes, not as a local process");
        assertThat(load(Map.of("mayabench.provider", "existing", "mayabench.instance", "i3.large",
                "mayabench.replicas", "2")).notApplicable())
                .singleElement().asString().startsWith("instance = i3.large (system property mayabench.instance) is "
                        + "not applicable to provider 'existing': it uses a Kubernetes cluster that already exists");
    }

    @Test
    void identityIsStableAndShort() {
        assertThat(ClusterSpec.defaults().identity()).matches("[0-9a-f]{12}")
                .isEqualTo(ClusterSpec.defaults().identity());
    }

    @Test
    void identityIgnoresFioSkipAndReuse() {
        String plain = ClusterSpec.defaults().identity();

        assertThat(load(Map.of("mayabench.fio.runtime", "10m", "mayabench.fio.profile", "randrw-4k",
                "mayabench.fio.executable", "/opt/fio", "mayabench.skip", "tunnel", "mayabench.reuse", "true"))
                .identity()).isEqualTo(plain);
    }

    @Test
    void identityChangesWithTheEnvironment() {
        String plain = ClusterSpec.defaults().identity();

        assertThat(load(Map.of("mayabench.storageNodes", "4")).identity()).isNotEqualTo(plain);
        assertThat(load(Map.of("mayabench.provider", "aws")).identity()).isNotEqualTo(plain);
        assertThat(load(Map.of("mayabench.name", "other")).identity()).isNotEqualTo(plain);
        assertThat(load(Map.of("mayabench.local.dir", "/data")).identity()).isNotEqualTo(plain);
    }

    @Test
    void identityDoesNotDependOnWhereAValueCameFrom() {
        ClusterSpec fromAnnotation = ClusterSpec.load(
                CloudSettingsOnLocal.class.getAnnotation(MayastorCluster.class), ConfigSources.none());
        ClusterSpec fromProperties = load(Map.of("mayabench.storageNodes", "3", "mayabench.instance", "i3.2xlarge"));

        assertThat(fromAnnotation.identity()).isEqualTo(fromProperties.identity());
    }
}
