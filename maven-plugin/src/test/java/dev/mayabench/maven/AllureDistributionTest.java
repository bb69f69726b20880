package dev.mayabench.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's own way to the Allure command line: Maven's resolver (a real one, offline, over a local repository
 * that holds only the allure-commandline zip, copied from the build's), then the unpacking, then a report with it.
 */
class AllureDistributionTest {

    static final String VERSION = System.getProperty("allure.commandline.version");

    @TempDir
    Path dir;

    RepositorySystem system;
    DefaultRepositorySystemSession session;

    @BeforeEach
    void offlineRepository() throws Exception {
        Path repository = dir.resolve("repository");
        Path zipDir = repository.resolve("io/qameta/allure/allure-commandline/" + VERSION);
        Files.createDirectories(zipDir);
        Files.copy(buildsZip(), zipDir.resolve("allure-commandline-" + VERSION + ".zip"));
        system = new RepositorySystemSupplier().get();
        session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                new LocalRepository(repository.toFile())));
        session.setOffline(true);
    }

    /** The zip this build resolved for the unpack-allure-cli execution, from the local repository Maven used. */
    static Path buildsZip() {
        String local = System.getProperty("test.localRepository");
        Path zip = Path.of(local, "io/qameta/allure/allure-commandline", VERSION,
                "allure-commandline-" + VERSION + ".zip");
        assertThat(zip).as("the build unpacked this zip before the tests").isRegularFile();
        return zip;
    }

    @Test
    void theReportGoalResolvesUnpacksAndRunsTheCommandLine() throws Exception {
        Path target = dir.resolve("consumer/target");
        ReportGoalTest.result(target.resolve("allure-results"), "randomRead", "passed");
        ReportMojo report = new ReportMojo();
        RecordingLog log = new RecordingLog();
        report.setLog(log);
        report.results = target.resolve("allure-results").toFile();
        report.output = target.resolve("allure-report").toFile();
        report.allureVersion = VERSION;
        report.allureUnpackDirectory = target.resolve("allure-cli").toFile();
        report.repositorySystem = system;
        report.repositorySession = session;
        report.remoteRepositories = List.of();

        report.execute();

        assertThat(target.resolve("allure-cli/allure-" + VERSION + "/bin/allure")).isExecutable();
        assertThat(target.resolve("allure-report/index.html")).isNotEmptyFile();
    }

    @Test
    void anUnresolvableVersionSaysHowToGetIt() {
        assertThatThrownBy(() -> AllureDistribution.resolve(system, session, List.of(), "0.0.1"))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("io.qameta.allure:allure-commandline:zip:0.0.1")
                .hasMessageContaining("mvn dependency:get -Dartifact=io.qameta.allure:allure-commandline:0.0.1:zip")
                .hasMessageContaining("-Dmayabench.report.allureHome=DIR");
    }

    @Test
    void unpacksOnceAndNotAgain() throws Exception {
        Path zip = AllureDistribution.resolve(system, session, List.of(), VERSION);
        Path home = AllureDistribution.unpack(zip, dir.resolve("cli"), VERSION);
        Path launcher = home.resolve("bin/allure");
        Files.writeString(launcher, "#!/bin/sh\n# marker\n");

        AllureDistribution.unpack(zip, dir.resolve("cli"), VERSION);

        assertThat(launcher).content().contains("# marker");
    }

    @Test
    void anEntryOutsideTheDirectoryIsRefused() throws Exception {
        Path zip = dir.resolve("evil.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("../outside"));
            out.write(1);
            out.closeEntry();
        }

        assertThatThrownBy(() -> AllureDistribution.unpack(zip, dir.resolve("cli"), VERSION))
                .isInstanceOf(MojoExecutionException.class).hasMessageContaining("outside its directory");
        assertThat(dir.resolve("outside")).doesNotExist();
    }
}
