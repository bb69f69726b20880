package dev.mayabench.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * The Allure command line, {@code io.qameta.allure:allure-commandline:<version>:zip} from Maven Central, resolved
 * through Maven's own resolver (so it comes from the local repository once it is there, offline included, and
 * through the user's mirrors and proxies otherwise) and unpacked once into a directory of the build.
 */
final class AllureDistribution {

    static final String GROUP_ID = "io.qameta.allure";
    static final String ARTIFACT_ID = "allure-commandline";

    private AllureDistribution() {
    }

    /** The local file of the zip; resolved, downloaded if it must be. */
    static Path resolve(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> remotes,
                        String version) throws MojoExecutionException {
        DefaultArtifact artifact = new DefaultArtifact(GROUP_ID, ARTIFACT_ID, "zip", version);
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, remotes, null)).getArtifact()
                    .getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("cannot resolve the Allure command line " + artifact + ": "
                    + e.getMessage() + "; with -o it must already be in the local repository (run once online, or "
                    + "mvn dependency:get -Dartifact=" + GROUP_ID + ":" + ARTIFACT_ID + ":" + version + ":zip), or "
                    + "give an unpacked one with -Dmayabench.report.allureHome=DIR", e);
        }
    }

    /**
     * Unpacks {@code zip} into {@code into} unless it is there already, and returns the {@code allure-<version>}
     * directory ({@code bin/allure}). A half-unpacked directory (an interrupted build) is unpacked again: the
     * marker file is written last.
     */
    static Path unpack(Path zip, Path into, String version) throws MojoExecutionException {
        Path home = into.resolve("allure-" + version);
        Path marker = into.resolve(".allure-" + version + "-unpacked");
        if (Files.isRegularFile(marker) && Files.isRegularFile(home.resolve("bin").resolve("allure"))) {
            return home;
        }
        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            Files.createDirectories(root);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    // a crafted zip must not write outside the directory ("zip slip")
                    throw new MojoExecutionException(zip + " has an entry outside its directory: " + entry.getName()
                            + "; it is not an Allure distribution, delete it from the local repository");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot unpack the Allure command line " + zip + " into " + root + ": "
                    + e.getMessage() + "; check that the directory is writable", e);
        }
        // the zip keeps no Unix modes java.util.zip can read; the launchers must be executable
        try (var bins = Files.list(home.resolve("bin"))) {
            bins.forEach(f -> f.toFile().setExecutable(true));
            Files.writeString(marker, zip.toString());
        } catch (IOException e) {
            throw new MojoExecutionException(zip + " is not an Allure distribution (no allure-" + version + "/bin): "
                    + e.getMessage(), e);
        }
        return home;
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
