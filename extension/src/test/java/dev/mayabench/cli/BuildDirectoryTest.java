package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands find workspaces in the build directory they are told ({@code --build-dir}, or the
 * {@code mayabench.build.dir} setting the test extension uses), not only in {@code ./target}: the Maven plugin
 * runs them in Maven's JVM, whose working directory is wherever {@code mvn} was started.
 */
class BuildDirectoryTest {

    @TempDir
    Path dir;

    @BeforeEach
    void noUserClusters() {
        // kept clusters of the user running the tests must not show up, nor be deleted
        System.setProperty("mayabench.home", dir.resolve("home").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("mayabench.home");
        System.clearProperty("mayabench.build.dir");
        CommandSettings.PLUGIN_PROPERTIES.forEach(System::clearProperty);
        System.clearProperty("mayabench.report.skip");
    }

    static Path localCluster(Path buildDir, String name) throws IOException {
        Path workspace = buildDir.resolve("mayabench").resolve(name);
        Files.createDirectories(workspace);
        Files.writeString(workspace.resolve("state.json"), """
                {"cluster":"%s","provider":"local","identity":"x","createdAt":"2026-12-03T00:00:00Z","resources":[]}
                """.formatted(name));
        return workspace;
    }

    @Test
    void listAndDownUseTheBuildDirectoryGiven() throws IOException {
        Path workspace = localCluster(dir.resolve("module/target"), "bd-given");

        MayabenchCommandTest.Result without = MayabenchCommandTest.run("list");
        assertThat(without.out()).doesNotContain("bd-given");

        MayabenchCommandTest.Result list = MayabenchCommandTest.run("list", "--build-dir",
                dir.resolve("module/target").toString());
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("bd-given  provider local").contains(workspace.toString());

        MayabenchCommandTest.Result down = MayabenchCommandTest.run("down", "bd-given", "--build-dir",
                dir.resolve("module/target").toString());
        assertThat(down.status()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("cluster 'bd-given' is gone");
        assertThat(workspace).doesNotExist();
    }

    @Test
    void everyBuildDirectoryGivenIsSearched() throws IOException {
        localCluster(dir.resolve("a/target"), "bd-in-a");
        Path inB = localCluster(dir.resolve("b/target"), "bd-in-b");

        MayabenchCommandTest.Result list = MayabenchCommandTest.run("list", "--build-dir",
                dir.resolve("a/target").toString(), "--build-dir", dir.resolve("b/target").toString());
        assertThat(list.out()).contains("bd-in-a").contains("bd-in-b");

        MayabenchCommandTest.Result down = MayabenchCommandTest.run("down", "bd-in-b", "--build-dir",
                dir.resolve("a/target").toString(), "--build-dir", dir.resolve("b/target").toString());
        assertThat(down.status()).as(down.out() + down.err()).isZero();
        assertThat(inB).doesNotExist();
    }

    @Test
    void withoutTheOptionTheBuildDirSettingOfTheExtensionIsUsed() throws IOException {
        Path workspace = localCluster(dir.resolve("elsewhere"), "bd-setting");
        System.setProperty("mayabench.build.dir", dir.resolve("elsewhere").toString());

        MayabenchCommandTest.Result list = MayabenchCommandTest.run("list");
        assertThat(list.out()).contains("bd-setting").contains(workspace.toString());
    }

    @Test
    void downOfAnUnknownClusterNamesWhereItLooked() {
        MayabenchCommandTest.Result down = MayabenchCommandTest.run("down", "bd-nowhere", "--build-dir",
                dir.resolve("module/target").toString());
        assertThat(down.status()).isEqualTo(2);
        assertThat(down.err()).contains("no workspace of cluster 'bd-nowhere' in [" + dir.resolve("module/target")
                .resolve("mayabench"));
    }

    @Test
    void theMavenPluginsOwnPropertiesAreNotTakenForUnknownSettings() {
        // mvn mayabench:up -Dmayabench.dryRun -Dmayabench.cluster=x makes them system properties of the JVM
        // the command runs in; the settings loader would stop at them
        CommandSettings.PLUGIN_PROPERTIES.forEach(name -> System.setProperty(name, "x"));
        System.setProperty("mayabench.report.skip", "true");

        MayabenchCommandTest.Result up = MayabenchCommandTest.run("up");
        assertThat(up.err()).doesNotContain("mayabench.cluster").doesNotContain("mayabench.dryRun")
                .doesNotContain("mayabench.report.skip")
                .contains("only providers aws and azure create machines");
        assertThat(up.status()).isEqualTo(2);
    }
}
