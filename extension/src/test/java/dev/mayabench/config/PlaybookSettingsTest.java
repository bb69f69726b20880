package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playbooks settings are checked when the configuration is loaded, before anything is created: every file
 * must exist and have the shape Ansible requires of a playbook, and a bad one is named with its setting, its path
 * and a fix.
 */
class PlaybookSettingsTest {

    private static final String PLAY = """
            - name: A play
              hosts: mayastor_storage
              tasks:
                - ansible.builtin.debug: {msg: hi}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static ClusterSpec load(String... properties) {
        Map<String, String> map = new LinkedHashMap<>(Map.of("mayabench.provider", "aws"));
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        return ClusterSpec.load(null, ConfigSources.of(map, Map.of()));
    }

    private static String failure(String... properties) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> load(properties));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        return e.getMessage();
    }

    @Test
    void filesAndClasspathResourcesAreKeptInTheListedOrderAndRunAfterDeployByDefault() throws IOException {
        Path second = write("second.yml", PLAY);
        Path first = write("first.yml", PLAY);

        ClusterSpec spec = load("mayabench.playbooks", second + ", classpath:config/playbooks/ok.yml," + first);

        assertThat(spec.playbooks().files()).extracting(UserPlaybook::written)
                .containsExactly(second.toString(), "classpath:config/playbooks/ok.yml", first.toString());
        assertThat(spec.playbooks().files()).extracting(UserPlaybook::name).containsExactly("second", "ok", "first");
        assertThat(spec.playbooks().files().get(0).file()).contains(second);
        assertThat(spec.playbooks().files().get(1).resource()).isPresent();
        assertThat(spec.playbooks().after()).isEqualTo(StageName.DEPLOY);
        assertThat(spec.describe()).containsEntry("playbooks", second + ",classpath:config/playbooks/ok.yml,"
                + first).containsEntry("playbooks.after", "deploy");
    }

    @Test
    void aRelativePathStartsFromTheWorkingDirectory() {
        // surefire runs in the module's directory, like a user's mvn test
        ClusterSpec spec = load("mayabench.playbooks", "src/test/resources/config/playbooks/ok.yml");

        assertThat(spec.playbooks().files().get(0).file())
                .contains(Path.of("src/test/resources/config/playbooks/ok.yml").toAbsolutePath());
    }

    @Test
    void theyRunRightAfterNodePreparationWhenAskedInMayabenchsOrThePlaygroundsName() {
        assertThat(load("mayabench.playbooks.after", "prepare-nodes").playbooks().after())
                .isEqualTo(StageName.PREPARE_NODES);
        assertThat(load("mayabench.playbooks.after", "prep_nodes").playbooks().after())
                .isEqualTo(StageName.PREPARE_NODES);
        assertThat(load("mayabench.playbooks.after", "deploy").playbooks().after()).isEqualTo(StageName.DEPLOY);
    }

    @Test
    void anyOtherPointIsRefusedWithTheTwoThatAreAllowed() {
        assertThat(failure("mayabench.playbooks.after", "prepare-node"))
                .contains("playbooks.after = 'prepare-node' (from system property mayabench.playbooks.after) is "
                        + "not allowed: expected prepare-nodes or deploy; did you mean 'prepare-nodes'?");
        assertThat(failure("mayabench.playbooks.after", "provision"))
                .contains("playbooks.after = 'provision'", "expected prepare-nodes or deploy",
                        "use prepare-nodes to run them before Mayastor is deployed");
    }

    @Test
    void aMissingFileIsRefusedBeforeAnythingIsCreatedNamingTheSettingThePathAndANearName() throws IOException {
        write("label-nodes.yml", PLAY);
        Path typo = dir.resolve("label-node.yml");

        assertThat(failure("mayabench.playbooks", typo.toString()))
                .contains("playbooks = '" + typo + "' (from system property mayabench.playbooks) is not allowed",
                        "there is no file " + typo, "did you mean 'label-nodes.yml' in " + dir + "?");
    }

    @Test
    void aMissingRelativeFileSaysWhereRelativePathsStart() {
        assertThat(failure("mayabench.playbooks", "ansible/none-such.yml"))
                .contains("relative paths start from the working directory " + Path.of("").toAbsolutePath());
    }

    @Test
    void aDirectoryIsRefusedNamingThePlaybooksInIt() throws IOException {
        write("tune.yml", PLAY);

        assertThat(failure("mayabench.playbooks", dir.toString()))
                .contains(dir + " is a directory; name the playbook in it, e.g. tune.yml");
    }

    @Test
    void aYamlErrorIsRefusedWithItsLine() throws IOException {
        Path broken = write("broken.yml", """
                - hosts: all
                  tasks:
                    - ansible.builtin.debug:
                        msg: {{ greeting }}
                """);

        assertThat(failure("mayabench.playbooks", broken.toString()))
                .contains(broken + " is not valid YAML: line 4 'msg: {{ greeting }}'",
                        "a value that starts with '{{' must be quoted: msg: \"{{ greeting }}\"");
    }

    @Test
    void aVarsFileOrATaskListIsNotAPlaybookAndTheMessageSaysWhatItIs() throws IOException {
        Path vars = write("vars.yml", "nr_hugepages: 2048\n");
        Path tasks = write("tasks.yml", "- name: Install fio\n  ansible.builtin.apt: {name: fio}\n");
        Path empty = write("empty.yml", "# nothing yet\n");

        assertThat(failure("mayabench.playbooks", vars.toString()))
                .contains(vars + " is not a playbook: Ansible wants a list of plays ('- hosts: ...'), its top level "
                        + "is a mapping (nr_hugepages)");
        assertThat(failure("mayabench.playbooks", tasks.toString()))
                .contains(tasks + " is not a playbook: play 1 ('Install fio') has no 'hosts' (it has name, "
                        + "ansible.builtin.apt)", "its tasks go under a play's 'tasks:'");
        assertThat(failure("mayabench.playbooks", empty.toString())).contains(empty + " is empty");
    }

    @Test
    void everyBadEntryIsNamedInOneMessage() throws IOException {
        Path good = write("good.yml", PLAY);

        assertThat(failure("mayabench.playbooks", dir.resolve("a.yml") + "," + good + "," + dir.resolve("b.yml")))
                .contains("'" + dir.resolve("a.yml") + "': there is no file", "'" + dir.resolve("b.yml")
                        + "': there is no file").doesNotContain("'" + good + "'");
    }

    @Test
    void anImportPlaybookIsAPlaybook() throws IOException {
        Path imports = write("site.yml", "- ansible.builtin.import_playbook: other.yml\n");

        assertThat(load("mayabench.playbooks", imports.toString()).playbooks().files()).hasSize(1);
    }

    @Test
    void aMissingClasspathResourceIsRefusedWithANearName() {
        assertThat(failure("mayabench.playbooks", "classpath:config/playbooks/okk.yml"))
                .contains("there is no resource 'config/playbooks/okk.yml' on the classpath",
                        "did you mean 'classpath:config/playbooks/ok.yml'?");
    }

    @Test
    void thePlaygroundsSpaceSeparatedPlaybooksVariableIsTheSetting() throws IOException {
        Path lvm = write("localpv-lvm.yml", PLAY);
        Path web = write("web.yml", PLAY);
        Path file = write("vars.yaml", "PLATFORM: aws\nPLAYBOOKS: \"" + lvm + " " + web + "\"\n");

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.config", file.toString()),
                Map.of()));

        assertThat(spec.playbooks().files()).extracting(UserPlaybook::file)
                .containsExactly(java.util.Optional.of(lvm), java.util.Optional.of(web));
        assertThat(spec.origins().get("playbooks")).startsWith("key PLAYBOOKS in " + file);
        assertThat(spec.notApplicable()).noneMatch(line -> line.contains("PLAYBOOKS"));
    }

    @Test
    void thePlaygroundsMayastorPlaybookIsExplainedWhenItIsListed() {
        assertThat(failure("mayabench.playbooks", "mayastor.yml"))
                .contains("the playground's mayastor.yml installs Mayastor, which mayabench's deploy stage does");
    }

    @Test
    void inMayabenchYamlTheyAreAListAndTheRunPointIsWrittenFlat() throws IOException {
        Path file = write("m.yaml", """
                provider: aws
                playbooks:
                  - classpath:dev/mayabench/ansible/playbooks/examples/storage-node-tools.yml
                playbooks.after: prepare-nodes
                """);

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.config", file.toString()),
                Map.of()));

        assertThat(spec.playbooks().files()).extracting(UserPlaybook::name).containsExactly("storage-node-tools");
        assertThat(spec.playbooks().after()).isEqualTo(StageName.PREPARE_NODES);
    }

    @Test
    void aNestedMappingIsRefusedWithTheFlatSpellingOfTheRunPoint() throws IOException {
        Path file = write("m.yaml", "provider: aws\nplaybooks: {after: prepare-nodes}\n");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> ClusterSpec.load(null,
                ConfigSources.of(Map.of("mayabench.config", file.toString()), Map.of())));

        assertThat(e.getMessage()).contains("'playbooks.after: prepare-nodes'");
    }

    @Test
    void onTheLocalProviderThePlaybooksAreNotApplicableNotAnError() throws IOException {
        Path play = write("p.yml", PLAY);

        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.playbooks", play.toString()),
                Map.of()));

        assertThat(spec.notApplicable()).anyMatch(line -> line.startsWith("playbooks = " + play
                + " (system property mayabench.playbooks) is not applicable to provider 'local'"));
    }
}
