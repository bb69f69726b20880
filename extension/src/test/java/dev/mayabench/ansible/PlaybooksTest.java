package dev.mayabench.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playbooks reach the workspace from the build's classes and from inside a jar, as users have them. */
class PlaybooksTest {

    @TempDir
    Path dir;

    @Test
    void thePlaybooksOfTheBuildAreCopiedIntoTheWorkspace() {
        Path copied = Playbooks.extract(Workspace.open(dir.resolve("ws")));

        assertThat(copied.resolve(Playbooks.PREPARE_NODES)).exists();
        assertThat(copied.resolve("tasks/fetch-kubeconfig.yml")).exists();
    }

    @Test
    void playbooksInsideAJarAreCopiedWithTheirDirectories() throws IOException {
        Path jar = dir.resolve("mayabench-junit.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : new String[] {"dev/mayabench/ansible/playbooks/play.yml",
                    "dev/mayabench/ansible/playbooks/tasks/step.yml"}) {
                out.putNextEntry(new JarEntry(entry));
                out.write(("# " + entry + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        URL root = new URL("jar:" + jar.toUri() + "!/dev/mayabench/ansible/playbooks");

        Path copied = Playbooks.extract(root, Workspace.open(dir.resolve("ws")));

        assertThat(copied.resolve("play.yml")).hasContent("# dev/mayabench/ansible/playbooks/play.yml");
        assertThat(copied.resolve("tasks/step.yml")).exists();
    }
}
