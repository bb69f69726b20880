package dev.mayabench.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes a cluster's workspace before a test runs its class: what an earlier run recorded there (resources
 * still to tear down, a kept state) must not leak into this one.
 */
final class FreshWorkspace {

    private FreshWorkspace() {
    }

    /** Empties the workspace of {@code cluster} and returns its (now absent) directory. */
    static Path of(String cluster) {
        Path workspace = Locations.workspaceOf(cluster);
        if (Files.exists(workspace)) {
            try (Stream<Path> walk = Files.walk(workspace)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot empty the workspace " + workspace, e);
            }
        }
        return workspace;
    }
}
