package dev.mayabench.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --build-dir} option of the commands that look for workspaces: the build directory (Maven's
 * {@code target}) whose {@code mayabench/} holds them. Without it, the setting the test extension uses
 * ({@code MAYABENCH_BUILD_DIR}, else {@code mayabench.build.dir}), else {@code ./target}: so the command finds what
 * the tests made when both are given the same place. The Maven plugin passes {@code ${project.build.directory}}
 * (once per module from the parent of a multi-module build), so it works from any directory.
 */
final class BuildDirectories {

    @Option(names = "--build-dir", paramLabel = "DIR", description = "a build directory whose mayabench/ holds "
            + "cluster workspaces; may be given more than once (default: MAYABENCH_BUILD_DIR, mayabench.build.dir, "
            + "else ./target)")
    List<Path> given;

    Workspaces workspaces() {
        if (given != null && !given.isEmpty()) {
            return new Workspaces(given);
        }
        return new Workspaces(List.of(fromSettings()));
    }

    /** As the extension's junit/Locations: the environment wins, then the system property, then ./target. */
    static Path fromSettings() {
        String explicit = System.getenv("MAYABENCH_BUILD_DIR");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getProperty("mayabench.build.dir");
        }
        return explicit == null || explicit.isBlank() ? Path.of("target") : Path.of(explicit);
    }
}
