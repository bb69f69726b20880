package dev.mayabench.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemovalCommandTest {

    private String basedir;

    @BeforeEach
    void remember() {
        basedir = System.getProperty("basedir");
    }

    @AfterEach
    void restore() {
        if (basedir == null) {
            System.clearProperty("basedir");
        } else {
            System.setProperty("basedir", basedir);
        }
    }

    @Test
    void insideAMavenBuildTheGoalComesFirstAndTheCommandLineWithItsWorkspaceFollows() {
        System.setProperty("basedir", "/work/project");

        assertThat(RemovalCommand.of("demo", Path.of("/home/u/.mayabench/clusters/demo")))
                .isEqualTo("mvn mayabench:down -Dmayabench.cluster=demo (without Maven: mayabench down demo "
                        + "--workspace /home/u/.mayabench/clusters/demo)");
    }

    @Test
    void outsideMavenItIsTheCommandLineWithAnAbsoluteWorkspace() {
        System.clearProperty("basedir");

        assertThat(RemovalCommand.of("demo", Path.of("target/mayabench/demo")))
                .isEqualTo("mayabench down demo --workspace " + Path.of("target/mayabench/demo").toAbsolutePath());
    }
}
