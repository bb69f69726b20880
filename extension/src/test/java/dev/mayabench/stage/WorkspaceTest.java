package dev.mayabench.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void secretsAreReadableByTheirOwnerOnly() throws IOException {
        Workspace workspace = Workspace.open(dir.resolve("demo"));

        Path key = workspace.writeSecret("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----".getBytes(
                StandardCharsets.UTF_8));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(key).hasContent("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void rewritingASecretThatWasWorldReadableMakesItOwnerOnly() throws IOException {
        Workspace workspace = Workspace.open(dir.resolve("demo"));
        Path conf = workspace.file("admin.conf");
        Files.writeString(conf, "old");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));

        workspace.writeSecret("admin.conf", "new".getBytes(StandardCharsets.UTF_8));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-------");
        assertThat(conf).hasContent("new");
    }

    @Test
    void stateSurvivesAReopenAndKeepsResourcesInCreationOrder() {
        Workspace workspace = Workspace.open(dir.resolve("demo"));
        workspace.writeState(WorkspaceState.fresh("demo", "local", "abc123"));
        workspace.updateState(s -> s.withResource(new CreatedResource("vpc", "vpc-1", "network")));
        workspace.updateState(s -> s.withResource(new CreatedResource("instance", "i-1", "storage node")));

        WorkspaceState reread = Workspace.open(dir.resolve("demo")).state().orElseThrow();

        assertThat(reread.cluster()).isEqualTo("demo");
        assertThat(reread.identity()).isEqualTo("abc123");
        assertThat(reread.resources()).extracting(CreatedResource::id).containsExactly("vpc-1", "i-1");
        assertThat(dir.resolve("demo/state.json.tmp")).doesNotExist();
    }

    @Test
    void theNodeListSurvivesAReopenWithRolesAddressesAndDevices() {
        Workspace workspace = Workspace.open(dir.resolve("demo"));
        ClusterNode master = new ClusterNode("master-1", Set.of(NodeRole.MASTER, NodeRole.BASTION), "10.0.1.10",
                Optional.of("203.0.113.7"), 22, "ubuntu", Optional.empty());
        ClusterNode storage = new ClusterNode("storage-1", Set.of(NodeRole.STORAGE, NodeRole.WORKER), "10.0.1.11",
                Optional.empty(), 2222, "ubuntu", Optional.of("/dev/nvme1n1"));
        workspace.writeState(WorkspaceState.fresh("demo", "aws", "abc123").withNodes(List.of(master, storage)));

        WorkspaceState reread = Workspace.open(dir.resolve("demo")).state().orElseThrow();

        assertThat(reread.nodes()).containsExactly(master, storage);
        assertThat(reread.nodes(NodeRole.STORAGE)).containsExactly(storage);
        assertThat(reread.nodes(NodeRole.BASTION).get(0).reachableAddress()).isEqualTo("203.0.113.7");
        assertThat(storage.reachableAddress()).isEqualTo("10.0.1.11");
    }

    @Test
    void aNodeWithoutARoleIsRefusedWithTheRolesThereAre() {
        assertThatThrownBy(() -> new ClusterNode("n", Set.of(), "10.0.0.1", Optional.empty(), 22, "ubuntu",
                Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node n has no role")
                .hasMessageContaining("storage");
    }

    @Test
    void removingAResourceLeavesTheOthers() {
        Workspace workspace = Workspace.open(dir.resolve("demo"));
        CreatedResource data = new CreatedResource("directory", "/tmp/x", "fio data files");
        workspace.writeState(WorkspaceState.fresh("demo", "local", "abc").withResource(data)
                .withResource(new CreatedResource("directory", "/tmp/y", "")));

        workspace.updateState(s -> s.withoutResource(data));

        assertThat(workspace.state().orElseThrow().resources()).extracting(CreatedResource::id)
                .containsExactly("/tmp/y");
    }

    @Test
    void aCorruptStateFileIsReportedWithItsPathAndWhatToDo() throws IOException {
        Workspace workspace = Workspace.open(dir.resolve("demo"));
        Files.writeString(workspace.file("state.json"), "{ not json");

        assertThatThrownBy(workspace::state)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(workspace.file("state.json").toString())
                .hasMessageContaining("restore it");
    }

    @Test
    void aFileInTheWayOfTheWorkspaceIsAClearError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("demo"), "a file, not a directory");

        assertThatThrownBy(() -> Workspace.open(blocker))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("a file of that name is in the way");
    }
}
