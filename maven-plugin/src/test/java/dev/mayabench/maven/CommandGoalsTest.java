package dev.mayabench.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command goals against real workspaces of the local provider: a cluster kept under a temporary
 * {@code mayabench.home} (as {@code reuse} keeps it) and clusters in modules' build directories.
 */
class CommandGoalsTest {

    @TempDir
    Path dir;

    private Process holder;

    @BeforeEach
    void home() {
        System.setProperty("mayabench.home", dir.resolve("home").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("mayabench.home");
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    /** A workspace as the local provider leaves it: state.json and the fio data directory it lists. */
    static Path localCluster(Path root, String name) throws IOException {
        Path workspace = root.resolve(name);
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/fio-file"), "data");
        Files.writeString(workspace.resolve("state.json"), """
                {"cluster":"%s","provider":"local","identity":"x","createdAt":"2026-12-03T00:00:00Z","resources":[]}
                """.formatted(name));
        return workspace;
    }

    static MavenProject project(Path basedir) {
        MavenProject project = new MavenProject();
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        project.getBuild().setTestOutputDirectory(basedir.resolve("target/test-classes").toString());
        return project;
    }

    static <T extends CommandMojo> T goal(T mojo, RecordingLog log, MavenProject project, MavenProject... modules) {
        mojo.setLog(log);
        mojo.project = project;
        mojo.reactorProjects = modules.length == 0 ? List.of(project)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(project), java.util.stream.Stream.of(modules))
                .toList();
        return mojo;
    }

    @Test
    void listShowsAKeptClusterAndDownRemovesIt() throws Exception {
        Path kept = localCluster(dir.resolve("home/clusters"), "kept-one");
        MavenProject consumer = project(dir.resolve("consumer"));

        RecordingLog listed = new RecordingLog();
        goal(new ListMojo(), listed, consumer).execute();
        assertThat(listed.text()).contains("[INFO] kept-one  provider local").contains(kept.toString());

        DownMojo down = goal(new DownMojo(), new RecordingLog(), consumer);
        down.cluster = "kept-one";
        down.execute();
        assertThat(((RecordingLog) down.getLog()).text()).contains("cluster 'kept-one' is gone");
        assertThat(kept).doesNotExist();

        RecordingLog after = new RecordingLog();
        goal(new ListMojo(), after, consumer).execute();
        assertThat(after.text()).doesNotContain("kept-one").contains("no cluster workspaces in");
    }

    @Test
    void fromTheParentOfAMultiModuleBuildEveryModulesBuildDirectoryIsSearched() throws Exception {
        MavenProject parent = project(dir.resolve("parent"));
        MavenProject benchmarks = project(dir.resolve("parent/benchmarks"));
        Path workspace = localCluster(dir.resolve("parent/benchmarks/target/mayabench"), "in-module");

        RecordingLog listed = new RecordingLog();
        goal(new ListMojo(), listed, parent, benchmarks).execute();
        assertThat(listed.text()).contains("in-module  provider local");

        DownMojo down = goal(new DownMojo(), new RecordingLog(), parent, benchmarks);
        down.cluster = "in-module";
        down.execute();
        assertThat(workspace).doesNotExist();
    }

    @Test
    void downOfAnUnknownClusterFailsWithTheCommandsMessage() {
        DownMojo down = goal(new DownMojo(), new RecordingLog(), project(dir.resolve("consumer")));
        down.cluster = "nowhere";

        assertThatThrownBy(down::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("mayabench down: no workspace of cluster 'nowhere' in [")
                .hasMessageContaining(dir.resolve("consumer/target/mayabench").toString())
                .hasMessageContaining("give it with --workspace DIR")
                .satisfies(e -> assertThat(e.getMessage()).as("said once").startsWith("mayabench down: no workspace")
                        .doesNotContain("mayabench down: mayabench down:"));
    }

    @Test
    void downWithoutAClusterNamesTheSettingAndACommandThatWorks() {
        DownMojo down = goal(new DownMojo(), new RecordingLog(), project(dir.resolve("consumer")));

        assertThatThrownBy(down::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("mayabench.cluster is not set")
                .hasMessageContaining("mvn mayabench:down -Dmayabench.cluster=");
    }

    @Test
    void downOfAClusterInUseIsAFailureThatSaysSoAndDeletesNothing() throws Exception {
        Path kept = localCluster(dir.resolve("home/clusters"), "busy");
        holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                kept.resolve("lock").toString(), "60000").redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("locked");

        DownMojo down = goal(new DownMojo(), new RecordingLog(), project(dir.resolve("consumer")));
        down.cluster = "busy";

        assertThatThrownBy(down::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("cluster 'busy' is in use, nothing deleted");
        assertThat(kept.resolve("data/fio-file")).exists();
    }

    @Test
    void reapPassesItsParametersAsTheCommandsOptions() throws MojoExecutionException {
        ReapMojo reap = new ReapMojo();
        reap.olderThan = "2h";
        reap.dryRun = true;
        reap.region = "eu-west-1";
        assertThat(reap.arguments()).containsExactly("reap", "--older-than", "2h", "--dry-run", "--region",
                "eu-west-1");
        assertThat(reap.looksForWorkspaces()).isFalse();
    }

    @Test
    void reapOnAzureAsksTheCommandForTheSubscriptionsGroupsAndNotARegion() {
        ReapMojo reap = new ReapMojo();
        reap.dryRun = true;
        reap.region = "westeurope";
        reap.provider = "azure";
        reap.subscription = "00000000-0000-0000-0000-000000000001";

        assertThat(reap.arguments()).containsExactly("reap", "--dry-run", "--provider", "azure", "--subscription",
                "00000000-0000-0000-0000-000000000001");
    }

    @Test
    void upWithTheLocalProviderIsBadUsageWithTheCommandsMessage() {
        UpMojo up = goal(new UpMojo(), new RecordingLog(), project(dir.resolve("consumer")));
        up.dryRun = true;

        assertThatThrownBy(up::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("only providers aws and azure create machines "
                        + "(set -Dmayabench.provider=aws or azure)");
    }

    @Test
    void upAndDoctorReadTheProjectsMayabenchYaml() throws Exception {
        Path consumer = dir.resolve("consumer");
        Files.createDirectories(consumer.resolve("target/test-classes"));
        // a setting only the project's file gives: the command must see it, as the project's tests do
        Files.writeString(consumer.resolve("target/test-classes/mayabench.yaml"), "storageNodes: 0\n");
        UpMojo up = goal(new UpMojo(), new RecordingLog(), project(consumer));
        up.dryRun = true;

        assertThatThrownBy(up::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("storageNodes");
    }

    @Test
    void doctorPassesItsParametersAndFailsWithTheCommandsMessage() {
        DoctorMojo doctor = goal(new DoctorMojo(), new RecordingLog(), project(dir.resolve("consumer")));
        doctor.cluster = "demo";
        doctor.kubeconfig = dir.resolve("no-such-kubeconfig").toFile();

        assertThatThrownBy(doctor::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("mayabench doctor: --kubeconfig " + dir.resolve("no-such-kubeconfig")
                        + " is not a file; name the kubeconfig of the cluster to check");
    }
}
