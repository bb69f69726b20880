package dev.mayabench.junit;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.stage.Workspace;
import java.nio.file.Path;

/**
 * Where mayabench writes inside the user's build: {@code target/mayabench/<cluster>/} for workspaces and
 * {@code target/mayabench/results/<class>/} for results. Surefire and failsafe run tests with the module's
 * base directory as working directory and set {@code basedir}; an IDE usually does the same.
 */
final class Locations {

    private Locations() {
    }

    /**
     * {@code MAYABENCH_BUILD_DIR} or {@code mayabench.build.dir} (the environment wins, as for every setting),
     * else {@code ${basedir}/target}, else {@code ./target}.
     */
    static Path buildDirectory() {
        String explicit = setting("mayabench.build.dir", "MAYABENCH_BUILD_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String basedir = System.getProperty("basedir");
        Path base = basedir == null || basedir.isBlank() ? Path.of("") : Path.of(basedir);
        return base.resolve("target").toAbsolutePath().normalize();
    }

    static Path workspaceOf(String cluster) {
        return buildDirectory().resolve("mayabench").resolve(cluster);
    }

    /** A kept cluster ({@code reuse}) lives outside the build, so {@code mvn clean} does not forget it. */
    static Path workspaceOf(ClusterSpec spec) {
        return spec.reuse() ? Workspace.keptClustersRoot().resolve(spec.name()) : workspaceOf(spec.name());
    }

    /** {@code MAYABENCH_RESULTS_DIR} or {@code mayabench.results.dir}, else {@code target/mayabench/results}. */
    static Path resultsRoot() {
        String explicit = setting("mayabench.results.dir", "MAYABENCH_RESULTS_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        return buildDirectory().resolve("mayabench").resolve("results");
    }

    private static String setting(String property, String variable) {
        String fromEnvironment = System.getenv(variable);
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : System.getProperty(property);
    }

    /** A name safe as a file name on every platform, readable. */
    static String fileName(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+", "_");
        safe = safe.replaceAll("^_|_$", "");
        return safe.isEmpty() ? "run" : safe;
    }
}
