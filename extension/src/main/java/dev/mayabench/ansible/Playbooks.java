package dev.mayabench.ansible;

import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * mayabench's playbooks (the repository's {@code ansible/} directory, shipped inside the jar), copied into a
 * workspace so {@code ansible-playbook} can read them and a user can see exactly what ran.
 *
 * <pre>{@code
 * Path playbooks = Playbooks.extract(workspace);   // <workspace>/ansible/prepare-nodes.yml, k3s.yml, ...
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Playbooks {

    /** The directory in the jar that holds the playbooks. */
    static final String RESOURCE = "/dev/mayabench/ansible/playbooks";
    /** The node-preparation playbook. */
    public static final String PREPARE_NODES = "prepare-nodes.yml";
    /** The playbook that writes each node's facts to {@code facts/<host>.json} in the workspace. */
    public static final String NODE_FACTS = "node-facts.yml";

    private Playbooks() {
    }

    /** Copies every playbook into {@code <workspace>/ansible/}, replacing older copies, and returns that directory. */
    public static Path extract(Workspace workspace) {
        return extract(Playbooks.class.getResource(RESOURCE), workspace);
    }

    /** Copies the playbooks under {@code root} (a directory, or a directory in a jar) into the workspace. */
    static Path extract(URL root, Workspace workspace) {
        Path target = workspace.file("ansible");
        if (root == null) {
            throw new IllegalStateException("the playbooks are missing from mayabench's jar (" + RESOURCE
                    + "); the build that made it is broken");
        }
        try {
            URI uri = root.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException notOpenYet) {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                }
                String inside = uri.getSchemeSpecificPart();
                copyTree(jar.getPath(inside.substring(inside.indexOf("!/") + 1)), target);
            } else {
                copyTree(Path.of(uri), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the playbooks into " + target + ": " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the playbooks at " + root, e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
