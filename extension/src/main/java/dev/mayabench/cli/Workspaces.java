package dev.mayabench.cli;

import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the command looks for cluster workspaces: the build directory of the project it runs in
 * ({@code target/mayabench/<cluster>}) and the kept clusters of this user ({@code ~/.mayabench/clusters/<cluster>}).
 */
final class Workspaces {

    private Workspaces() {
    }

    static List<Path> roots() {
        return List.of(Path.of("target", "mayabench").toAbsolutePath(), Workspace.keptClustersRoot());
    }

    /** The workspace directories of a cluster with this name that have a state.json. */
    static List<Path> find(String cluster) {
        return roots().stream().map(root -> root.resolve(cluster))
                .filter(dir -> Files.isRegularFile(dir.resolve("state.json")))
                .toList();
    }

    /** Every workspace with a state.json under the roots. */
    static List<Path> all() {
        List<Path> found = new ArrayList<>();
        for (Path root : roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(root)) {
                children.filter(dir -> Files.isRegularFile(dir.resolve("state.json"))).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        return found;
    }
}
