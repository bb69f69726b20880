package dev.mayabench.cli;

import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the command looks for cluster workspaces: the build directories it was given ({@code <build>/mayabench/
 * <cluster>}) and the kept clusters of this user ({@code ~/.mayabench/clusters/<cluster>}). A command run from a
 * shell has one build directory (see {@link BuildDirectories}); the Maven plugin run from the parent of a
 * multi-module build passes the build directory of every module, so a cluster made by any module's tests is found.
 */
final class Workspaces {

    private final List<Path> buildDirectories;

    Workspaces(List<Path> buildDirectories) {
        if (buildDirectories.isEmpty()) {
            throw new IllegalArgumentException("at least one build directory");
        }
        this.buildDirectories = buildDirectories.stream().map(p -> p.toAbsolutePath().normalize()).distinct()
                .toList();
    }

    /** Where {@code up} and {@code prepare} put a new workspace: the first build directory's mayabench/. */
    Path newWorkspace(String cluster) {
        return buildDirectories.get(0).resolve("mayabench").resolve(cluster);
    }

    List<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        buildDirectories.forEach(build -> roots.add(build.resolve("mayabench")));
        roots.add(Workspace.keptClustersRoot());
        return List.copyOf(roots);
    }

    /** The workspace directories of a cluster with this name that have a state.json. */
    List<Path> find(String cluster) {
        return roots().stream().map(root -> root.resolve(cluster))
                .filter(dir -> Files.isRegularFile(dir.resolve("state.json")))
                .toList();
    }

    /** Every workspace with a state.json under the roots. */
    List<Path> all() {
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
