package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.mayabench.junit.MayastorCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterSpecValidationTest {

    @TempDir
    Path dir;

    @MayastorCluster(storageNodes = -3, replicas = 0, instance = "i3.2xlrage")
    static class Broken {
    }

    private static ConfigurationException failure(MayastorCluster annotation, ConfigSources sources) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ClusterSpec.load(annotation, sources));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        return e;
    }

    private static ConfigurationException failure(Map<String, String> properties) {
        return failure(null, ConfigSources.of(properties, Map.of()));
    }

    private static List<String> messages(ConfigurationException e) {
        return e.problems().stream().map(Problem::message).toList();
    }

    private ConfigSources file(String yaml) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "mayabench", ".yaml"), yaml);
        return ConfigSources.of(Map.of("mayabench.config", file.toString()), Map.of());
    }

    @Test
    void unknownProviderSuggestsTheClosestOne() {
        ConfigurationException e = failure(Map.of("mayabench.provider", "aws2"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("provider");
            assertThat(p.value()).isEqualTo("aws2");
            assertThat(p.origin()).isEqualTo("system property mayabench.provider");
            assertThat(p.allowed()).isEqualTo("one of local, existing, k3s, aws, azure");
            assertThat(p.fix()).isEqualTo("did you mean 'aws'?");
        });
        assertThat(e.getMessage()).isEqualTo("mayabench configuration: provider = 'aws2' (from system property "
                + "mayabench.provider) is not allowed: expected one of local, existing, k3s, aws, azure; did you mean 'aws'?");
    }

    @Test
    void plannedProviderSaysItIsNotAvailableYet() {
        assertThat(failure(Map.of("mayabench.provider", "GCP")).problems()).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("'gcp' is planned but not available yet"));
    }

    @Test
    void providerIsCaseInsensitive() {
        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.provider", "AWS"), Map.of()))
                .provider()).isEqualTo("aws");
    }

    @Test
    void unknownYamlKeysAreReportedWithSuggestions() throws IOException {
        ConfigurationException e = failure(null, file("name: typos\nstorgeNodes: 3\nfio:\n  runtme: 30s\n"
                + "local:\n  dri: /tmp\n"));

        assertThat(messages(e)).hasSize(3);
        assertThat(e.problems()).extracting(Problem::setting).containsExactly("storgeNodes", "fio.runtme", "local.dri");
        assertThat(e.problems()).extracting(Problem::fix).containsExactly(
                "did you mean 'storageNodes'?", "did you mean 'fio.runtime'?", "did you mean 'local.dir'?");
        assertThat(messages(e).get(0)).isEqualTo("storgeNodes = '3' (from " + e.problems().get(0).origin()
                + ") is not allowed: expected a setting mayabench knows (see docs/settings.md); "
                + "did you mean 'storageNodes'?");
    }

    @Test
    void unknownKeysInTheClasspathFileAreReportedToo() {
        ConfigurationException e = failure(null,
                ConfigSources.none().withClasspathFile(getClass().getResource("/config/typos.yaml")));

        assertThat(e.problems()).extracting(Problem::setting).containsExactly("storgeNodes", "fio.runtme", "local.dri");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.origin()).contains("typos.yaml"));
    }

    @Test
    void unknownMayabenchPropertyIsReportedWithSuggestion() {
        ConfigurationException e = failure(Map.of("mayabench.storagenodes", "3"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("mayabench.storagenodes");
            assertThat(p.origin()).isEqualTo("system property");
            assertThat(p.fix()).isEqualTo("did you mean 'mayabench.storageNodes'?");
        });
    }

    @Test
    void unknownEnvironmentVariableIsReportedWithSuggestion() {
        ConfigurationException e = failure(null, ConfigSources.of(Map.of(),
                Map.of("MAYABENCH_FIO_RAMPTIME", "5s", "MAYABENCH_STORAGE_NODE", "3")));

        assertThat(e.problems()).extracting(Problem::setting)
                .containsExactly("MAYABENCH_FIO_RAMPTIME", "MAYABENCH_STORAGE_NODE");
        assertThat(e.problems()).extracting(Problem::fix).containsExactly(
                "did you mean 'MAYABENCH_FIO_RAMP_TIME'?", "did you mean 'MAYABENCH_STORAGE_NODES'?");
    }

    @Test
    void unknownVariableFarFromEveryNameListsTheKnownOnes() {
        ConfigurationException e = failure(null, ConfigSources.of(Map.of(), Map.of("MAYABENCH_FOO", "1")));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.fix())
                .startsWith("the known ones are MAYABENCH_NAME, MAYABENCH_PROVIDER, MAYABENCH_STORAGE_NODES"));
    }

    @Test
    void propertiesOfOtherComponentsAreTolerated() {
        assertThatCode(() -> ClusterSpec.load(null, ConfigSources.of(
                Map.of("mayabench.results.dir", "/r", "mayabench.build.dir", "/b", "mayabench.baseline.dir", "/x",
                        "mayabench.baseline.tolerance", "5%", "mayabench.fio.executable", "/usr/bin/fio"),
                Map.of("MAYABENCH_RESULTS_DIR", "/r", "MAYABENCH_BASELINE_DIR", "/x"))))
                .doesNotThrowAnyException();
    }

    @Test
    void wordWhereANumberIsExpected() {
        assertThat(failure(Map.of("mayabench.storageNodes", "three")).problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("storageNodes = 'three' (from system property mayabench.storageNodes)"
                    + " is not allowed: expected a whole number from 1 to 100");
        });
    }

    @Test
    void listOrMappingWhereASingleValueIsExpected() throws IOException {
        ConfigurationException e = failure(null, file("storageNodes: [3, 4]\nname: {first: a}\nfio:\n  bs: [4k]\n"));

        assertThat(e.problems()).extracting(Problem::setting, Problem::value, Problem::allowed, Problem::fix)
                .containsExactly(
                        tuple("name", "{\"first\":\"a\"}", "a single value",
                                "write one value instead of a nested mapping"),
                        tuple("storageNodes", "[3, 4]", "a single value", "write one value instead of a list"),
                        tuple("fio.bs", "[4k]", "a single value, as in @Fio(bs)", "write one value instead of a list"));
    }

    @Test
    void negativeCountFromTheAnnotation() {
        ConfigurationException e = failure(Broken.class.getAnnotation(MayastorCluster.class), ConfigSources.none());

        assertThat(messages(e)).contains("storageNodes = '-3' (from @MayastorCluster(storageNodes)) is not allowed: "
                + "expected a whole number from 1 to 100; Mayastor needs at least one storage node for its pools");
    }

    @Test
    void replicasMustNotExceedStorageNodes() {
        ConfigurationException e = failure(Map.of("mayabench.storageNodes", "2", "mayabench.replicas", "3"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("replicas");
            assertThat(p.value()).isEqualTo("3");
            assertThat(p.origin()).isEqualTo("system property mayabench.replicas");
            assertThat(p.allowed()).startsWith("at most storageNodes (2, from system property mayabench.storageNodes)");
            assertThat(p.fix()).isEqualTo("lower replicas to 2 or raise storageNodes to 3");
        });
    }

    @Test
    void replicasAgainstTheDefaultStorageNodes() {
        assertThat(failure(Map.of("mayabench.replicas", "4")).problems()).singleElement()
                .satisfies(p -> assertThat(p.allowed()).startsWith("at most storageNodes (3, from default)"));
    }

    @Test
    void unknownStageInSkip() {
        ConfigurationException e = failure(Map.of("mayabench.skip", "tunnel,kubernets,start_vpn"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("skip");
            assertThat(p.allowed()).isEqualTo("stage names from provision, tunnel, kubernetes, prepare-nodes, deploy, "
                    + "playbooks, workload, teardown");
            assertThat(p.fix()).isEqualTo("'kubernets': did you mean 'kubernetes'?; "
                    + "'start_vpn' is the playground's name for 'tunnel'");
        });
    }

    @ParameterizedTest
    @CsvSource({
            "i3.2xlrage, i3.2xlarge",
            "I3.XLARGE, i3.xlarge",
            "i3-2xlarge, i3.2xlarge",
            "i32xlarge, i3.2xlarge",
            "m5.xlarg, m5.xlarge"})
    void badInstanceTypeSuggestsTheIntendedOne(String written, String meant) {
        assertThat(failure(Map.of("mayabench.instance", written)).problems()).singleElement().satisfies(p -> {
            assertThat(p.allowed()).startsWith("an instance type written family.size");
            assertThat(p.fix()).isEqualTo("did you mean '" + meant + "'?");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"i3.2xlarge", "m5d.metal", "c7i.metal-24xl", "u-6tb1.metal", "t3.micro", "i4i.32xlarge"})
    void realInstanceTypesAreAccepted(String type) {
        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.workerInstance", type), Map.of()))
                .workerInstance()).isEqualTo(type);
    }

    @Test
    void instanceTypeWithoutFamilyAndSize() {
        assertThat(failure(Map.of("mayabench.instance", "big")).problems()).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("use the instance type's name as the cloud writes it"));
    }

    @ParameterizedTest
    @CsvSource({"10GB, 10Gi", "10gi, 10Gi", "512 mb, 512Mi", "10, 10Gi"})
    void badVolumeSize(String written, String meant) {
        assertThat(failure(Map.of("mayabench.volumeSize", written)).problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("volumeSize");
            assertThat(p.allowed()).startsWith("a Kubernetes quantity of at least 1Mi");
            assertThat(p.fix()).contains("'" + meant + "'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"10Gi", "1Mi", "20G", "1.5Ti", "1e9"})
    void kubernetesQuantitiesAreAccepted(String size) {
        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.volumeSize", size), Map.of()))
                .volumeSize()).isEqualTo(size);
    }

    @Test
    void missingConfigFileNamesTheProperty() {
        ConfigurationException e = failure(Map.of("mayabench.config", dir.resolve("nope.yaml").toString()));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("mayabench.config");
            assertThat(p.origin()).isEqualTo("system property mayabench.config");
            assertThat(p.allowed()).isEqualTo("the path of an existing YAML file");
            assertThat(p.fix()).startsWith("there is no file " + dir.resolve("nope.yaml"))
                    .contains("remove mayabench.config to use mayabench.yaml from the test classpath");
        });
    }

    @Test
    void relativeMissingConfigFileSaysWhereItWasLookedFor() {
        assertThat(failure(Map.of("mayabench.config", "no/such.yaml")).problems()).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("relative paths start from the working directory"));
    }

    @Test
    void malformedYamlQuotesTheLine() {
        ConfigurationException e = failure(null,
                ConfigSources.none().withClasspathFile(getClass().getResource("/config/malformed.yaml")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("line 3");
            assertThat(p.value()).isEqualTo("replicas: 2");
            assertThat(p.allowed()).isEqualTo("valid YAML");
            assertThat(p.fix()).contains("expected ',' or ']'")
                    .contains("while parsing a flow sequence that starts at line 2: 'storageNodes: [3'");
            assertThat(p.origin()).contains("malformed.yaml");
        });
    }

    @Test
    void yamlEndingInsideAConstructQuotesTheLineThatOpensIt() throws IOException {
        assertThat(failure(null, file("name: a\nskip: [tunnel\n")).problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("line 2");
            assertThat(p.value()).isEqualTo("skip: [tunnel");
            assertThat(p.fix()).endsWith("while parsing a flow sequence that starts here");
        });
    }

    @Test
    void duplicateYamlKeyQuotesTheLine() throws IOException {
        ConfigurationException e = failure(null, file("name: a\nstorageNodes: 3\nname: b\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("line 3");
            assertThat(p.value()).isEqualTo("name: b");
            assertThat(p.allowed()).isEqualTo("each key once");
        });
    }

    @Test
    void yamlThatIsNotAMapping() throws IOException {
        assertThat(failure(null, file("- storageNodes\n- 3\n")).problems()).singleElement()
                .satisfies(p -> assertThat(p.allowed()).startsWith("a mapping of settings"));
    }

    @Test
    void moreThanOneYamlDocument() throws IOException {
        assertThat(failure(null, file("name: a\n---\nname: b\n")).problems()).singleElement()
                .satisfies(p -> assertThat(p.allowed()).isEqualTo("one YAML document"));
    }

    @Test
    void emptyYamlIsFine() throws IOException {
        assertThat(ClusterSpec.load(null, file("# nothing yet\n"))).isEqualTo(ClusterSpec.defaults());
    }

    @Test
    void badNameSuggestsAValidOne() {
        assertThat(failure(Map.of("mayabench.name", "My_Cluster")).problems()).singleElement().satisfies(p -> {
            assertThat(p.allowed()).startsWith("lower-case letters, digits and '-'");
            assertThat(p.fix()).isEqualTo("did you mean 'my-cluster'?");
        });
    }

    @Test
    void protocolOtherThanNvmf() {
        ConfigurationException e = failure(null, ConfigSources.of(Map.of("mayabench.protocol", "iscsi"),
                Map.of("MAYABENCH_PROTOCOL", "nvme-tcp")));

        assertThat(e.problems()).extracting(Problem::fix).containsExactly(
                "current Mayastor releases do not serve volumes over iscsi; use nvmf",
                "did you mean 'nvmf'? It is the StorageClass's name for NVMe-oF over TCP");
    }

    @Test
    void otherSingleValueChecks() {
        ConfigurationException e = failure(Map.of(
                "mayabench.kubernetes", "k3",
                "mayabench.hugepages", "512",
                "mayabench.reuse", "yes please",
                "mayabench.provider", "aws",
                "mayabench.region", "eu-west1",
                "mayabench.masterNodes", "0",
                "mayabench.volumes", "1000"));

        assertThat(e.problems()).extracting(Problem::setting)
                .containsExactly("masterNodes", "kubernetes", "volumes", "region", "hugepages", "reuse");
        assertThat(e.problems().get(1).fix()).isEqualTo("did you mean 'k3s'?");
        assertThat(e.problems().get(2).fix()).isEqualTo("more than 100 is taken for a typo");
        assertThat(e.problems().get(3).fix()).isEqualTo("did you mean 'eu-west-1'?");
        assertThat(e.problems().get(4).fix()).contains("at least 1024 pages of 2 MiB");
    }

    @Test
    void awsSettingsAreCheckedWithTheFixForEach() {
        ConfigurationException e = failure(Map.of(
                "mayabench.provider", "aws",
                "mayabench.aws.endpoint", "localhost:4566",
                "mayabench.aws.sshCidr", "0.0.0.0/0",
                "mayabench.aws.ami", "AMI-0123456789ABCDEF0",
                "mayabench.aws.zone", "eu-west-1",
                "mayabench.aws.rootVolumeGiB", "4",
                "mayabench.aws.ttl", "6"));

        assertThat(e.problems()).extracting(Problem::setting, Problem::fix).containsExactly(
                tuple("aws.endpoint", "did you mean 'http://localhost:4566'?"),
                tuple("aws.sshCidr", "/0 would open SSH to the whole internet; use your address with /32"),
                tuple("aws.ami", "did you mean 'ami-0123456789abcdef0'?"),
                tuple("aws.zone", "name the zone, not the region: add its letter, e.g. eu-west-1a"),
                tuple("aws.rootVolumeGiB", "Ubuntu's image needs a root volume of at least 8 GiB"),
                tuple("aws.ttl", "did you mean '6h'?"));
    }

    @Test
    void awsSettingsAreReadFromTheirYamlGroup() throws IOException {
        Path file = Files.writeString(dir.resolve("mayabench.yaml"), """
                provider: aws
                aws:
                  sshCidr: 198.51.100.7
                  ttl: 90m
                  endpoint: http://127.0.0.1:4566
                """);

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(
                Map.of("mayabench.config", file.toString()), Map.of()));

        assertThat(spec.aws().sshCidr()).contains("198.51.100.7/32");
        assertThat(spec.aws().ttl()).hasMinutes(90);
        assertThat(spec.aws().endpoint()).hasValueSatisfying(u -> assertThat(u).hasPort(4566));
        assertThat(spec.aws().rootVolumeGiB()).isEqualTo(30);
    }

    @Test
    void localDirMustNotBeAFile() throws IOException {
        Path file = Files.createFile(dir.resolve("data"));

        assertThat(failure(Map.of("mayabench.local.dir", file.toString())).problems()).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("is a file"));
    }

    @Test
    void fioOverrideMustBeASingleValue() throws IOException {
        assertThat(failure(null, file("fio:\n  runtime: {seconds: 30}\n")).problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.setting()).isEqualTo("fio.runtime");
                    assertThat(p.allowed()).isEqualTo("a single value, as in @Fio(runtime)");
                });
    }

    @Test
    void groupWrittenAsAValue() throws IOException {
        assertThat(failure(null, file("local: /tmp\n")).problems()).singleElement().satisfies(p -> {
            assertThat(p.setting()).isEqualTo("local");
            assertThat(p.fix()).isEqualTo("write it nested, e.g. 'local: {dir: ...}'");
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        ConfigSources sources = new ConfigSources(
                Map.of("mayabench.config", Files.writeString(dir.resolve("m.yaml"), "storgeNodes: 3\n").toString(),
                        "mayabench.provder", "aws", "mayabench.volumeSize", "10GB"),
                Map.of("MAYABENCH_SKIP", "tunel"),
                java.util.Optional.empty());

        ConfigurationException e = failure(Broken.class.getAnnotation(MayastorCluster.class), sources);

        assertThat(e.problems()).extracting(Problem::setting).containsExactly(
                "storgeNodes",            // file
                "mayabench.provder",      // unknown property
                "storageNodes",           // -3 from the annotation
                "instance",               // i3.2xlrage from the annotation
                "replicas",               // 0 from the annotation
                "volumeSize",             // 10GB from the property
                "skip");                  // tunel from the environment
        assertThat(e.getMessage()).startsWith("mayabench configuration has 7 problems:");
    }

    @Test
    void overriddenWrongValuesAreStillReported() {
        // a wrong value is wrong wherever it is written; hiding it behind an override would only postpone it
        ConfigurationException e = failure(Broken.class.getAnnotation(MayastorCluster.class),
                ConfigSources.of(Map.of("mayabench.storageNodes", "3", "mayabench.replicas", "1",
                        "mayabench.instance", "i3.xlarge"), Map.of()));

        assertThat(e.problems()).extracting(Problem::origin).containsExactly("@MayastorCluster(storageNodes)",
                "@MayastorCluster(instance)", "@MayastorCluster(replicas)");
    }

    @MayastorCluster(storageNodes = -1, replicas = -1, hugepages = -1)
    static class MinusOneOnTheLocalProvider {
    }

    @Test
    void minusOneWrittenInTheAnnotationIsAValueAndIsCheckedOnTheLocalProviderToo() {
        // -1 used to be the attributes' "unset" marker, so storageNodes = -1 passed silently
        ConfigurationException e = failure(MinusOneOnTheLocalProvider.class.getAnnotation(MayastorCluster.class),
                ConfigSources.of(Map.of(), Map.of()));

        assertThat(e.problems()).extracting(Problem::setting, Problem::value, Problem::origin).containsExactly(
                tuple("storageNodes", "-1", "@MayastorCluster(storageNodes)"),
                tuple("replicas", "-1", "@MayastorCluster(replicas)"),
                tuple("hugepages", "-1", "@MayastorCluster(hugepages)"));
        assertThat(e.problems().get(0).allowed()).isEqualTo("a whole number from 1 to 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mayabench.storageNodes", "mayabench.workerNodes", "mayabench.replicas",
            "mayabench.volumes", "mayabench.hugepages", "mayabench.mayastor.ioEngineCpus"})
    void aNegativeCountIsRefusedOnTheLocalProviderThoughItDoesNotApplyThere(String property) {
        ConfigurationException e = failure(Map.of(property, "-1"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.value()).isEqualTo("-1");
            assertThat(p.allowed()).startsWith("a whole number from ");
        });
    }

    @Test
    void aValidValueThatDoesNotApplyToTheLocalProviderIsStillListedAsNotApplicable() {
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.storageNodes", "2"), Map.of()));

        assertThat(spec.notApplicable()).singleElement().asString()
                .startsWith("storageNodes = 2 (system property mayabench.storageNodes) is not applicable to provider "
                        + "'local'");
    }

    @Test
    void aTildeInLocalDirMeansTheHomeDirectoryFromEverySource() throws IOException {
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.local.dir", "~/mayabench-data"),
                Map.of())).localDir()).contains(home.resolve("mayabench-data"));
        assertThat(ClusterSpec.load(null, file("local:\n  dir: ~/fast/disk\n")).localDir())
                .contains(home.resolve("fast/disk"));
        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of(), Map.of("MAYABENCH_LOCAL_DIR", "~")))
                .localDir()).contains(home);
        assertThat(ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.baseline.dir", "~/baselines"),
                Map.of())).baselineDir()).isEqualTo(home.resolve("baselines"));
    }

    @Test
    void anotherUsersTildeIsRefusedWithTheFullPathToWrite() {
        Problem p = failure(Map.of("mayabench.local.dir", "~alice/data")).problems().get(0);

        assertThat(p.setting()).isEqualTo("local.dir");
        assertThat(p.value()).isEqualTo("~alice/data");
        assertThat(p.fix()).isEqualTo("~user is not expanded; write the full path, e.g. /home/alice/data");
    }
}
