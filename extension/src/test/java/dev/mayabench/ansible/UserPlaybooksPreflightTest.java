package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before anything is created, the real {@code ansible-playbook --syntax-check} reads every user playbook: what
 * the settings' shape check cannot know (a module that does not exist) stops the run there.
 */
class UserPlaybooksPreflightTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void ansibleIsInstalled() {
        boolean installed;
        try {
            new Ansible().version();
            installed = true;
        } catch (AnsibleNotInstalledException e) {
            installed = false;
        }
        assumeTrue(installed, "ansible-playbook is not installed (apt-get install ansible-core)");
    }

    private ClusterSpec spec(Path playbook, String... skip) {
        return ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.provider", "aws",
                "mayabench.playbooks", playbook.toString(), "mayabench.skip", String.join(",", skip)), Map.of()));
    }

    @Test
    void aMisspeltModuleStopsTheRunBeforeAnythingIsCreated() throws IOException {
        Path playbook = Files.writeString(dir.resolve("tune.yml"), """
                - hosts: mayastor_storage
                  tasks:
                    - name: Set the scheduler
                      ansible.builtin.sysctll:
                        name: vm.swappiness
                        value: "1"
                """);
        Workspace workspace = Workspace.open(dir.resolve("ws"));

        assertThatThrownBy(() -> UserPlaybooksStage.syntaxCheck(spec(playbook), workspace, new Ansible()))
                .isInstanceOf(AnsibleException.class)
                .hasMessageContaining("the playbook " + playbook + " (setting playbooks) does not pass Ansible's "
                        + "syntax check, so nothing was created")
                .hasMessageContaining("ansible.builtin.sysctll");
    }

    @Test
    void theShippedExamplePassesAndASkippedStageIsNotChecked() throws IOException {
        Workspace workspace = Workspace.open(dir.resolve("ws"));
        ClusterSpec example = ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench.provider", "aws",
                "mayabench.playbooks", "classpath:dev/mayabench/ansible/playbooks/examples/storage-node-tools.yml"),
                Map.of()));

        assertThatCode(() -> UserPlaybooksStage.syntaxCheck(example, workspace, new Ansible()))
                .doesNotThrowAnyException();
        Path broken = Files.writeString(dir.resolve("broken.yml"), "- hosts: all\n  tasks:\n    - nosuch.module: {}\n");
        assertThatCode(() -> UserPlaybooksStage.syntaxCheck(spec(broken, "playbooks"), workspace, new Ansible()))
                .doesNotThrowAnyException();
        assertThat(workspace.file("playbooks/1-storage-node-tools.yml")).exists();
    }
}
