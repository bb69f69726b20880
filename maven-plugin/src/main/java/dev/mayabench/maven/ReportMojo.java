package dev.mayabench.maven;

import dev.mayabench.reports.AllureReport;
import dev.mayabench.reports.AllureReportException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * {@code mvn verify mayabench:report}: the Allure HTML report of the project's test results, with mayabench's
 * categories (threshold breaches, infrastructure failures, ...) and a trend across runs.
 *
 * <p>Reads {@code ${project.build.directory}/allure-results} (where mayabench's tests write them by default),
 * writes {@code ${project.build.directory}/allure-report} and prints {@code Allure report: file:///.../index.html}.
 * The trend's history is kept in {@code ${project.basedir}/.mayabench/allure-history}, outside {@code target/}, so
 * {@code mvn clean} does not start a new trend (add {@code .mayabench/} to {@code .gitignore}, or commit it to share
 * the trend). No results (no tests ran) is a message, not a failure. The Allure command line
 * ({@code io.qameta.allure:allure-commandline:zip}) is resolved through Maven's resolver, so it works offline once it
 * is in the local repository, and unpacked into {@code ${project.build.directory}/allure-cli}.
 *
 * <p>Its default phase is {@code post-integration-test}: bound in the POM with
 * {@code <executions><execution><goals><goal>report</goal></goals></execution></executions>}, it runs after failsafe's
 * {@code integration-test} and before its {@code verify} fails the build, so a breached threshold still leaves a
 * report. For surefire tests, a red test stops the build before that phase unless
 * {@code -Dmaven.test.failure.ignore=true} is set; {@code mvn verify mayabench:report} runs it after a green build.
 * In a multi-module build each module gets its own report.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public final class ReportMojo extends AbstractMojo {

    /** The Allure results to report on. */
    @Parameter(property = "mayabench.report.results", defaultValue = "${project.build.directory}/allure-results")
    File results;

    /** Where the HTML report goes (replaced on each run). */
    @Parameter(property = "mayabench.report.output", defaultValue = "${project.build.directory}/allure-report")
    File output;

    /** Where the trend's history is kept across {@code mvn clean}; empty: only in the report directory. */
    @Parameter(property = "mayabench.report.history", defaultValue = "${project.basedir}/.mayabench/allure-history")
    File history;

    /** Make no report. */
    @Parameter(property = "mayabench.report.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    /** An unpacked Allure command line (its {@code allure-<version>} directory) to use instead of resolving one. */
    @Parameter(property = "mayabench.report.allureHome")
    File allureHome;

    /** The version of {@code io.qameta.allure:allure-commandline} to resolve. */
    @Parameter(property = "mayabench.report.allureVersion", defaultValue = "2.34.0")
    String allureVersion;

    /** Where the resolved Allure command line is unpacked (once). */
    @Parameter(defaultValue = "${project.build.directory}/allure-cli")
    File allureUnpackDirectory;

    @Component
    RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    List<RemoteRepository> remoteRepositories;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Allure report: skipped (mayabench.report.skip)");
            return;
        }
        // AllureReport and the Allure command line print to a PrintStream; each line goes to the build log
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    getLog().info(line.toString(StandardCharsets.UTF_8).replace("\r", ""));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
        try {
            if (!AllureReportResults.present(results.toPath())) {
                // as AllureReport says it, without resolving and unpacking the command line for nothing
                getLog().info("Allure report: no test results in " + results + " (no tests ran?), no report made");
                Path elsewhere = basedir == null ? null : basedir.toPath().resolve("allure-results");
                if (elsewhere != null && !elsewhere.equals(results.toPath()) && AllureReportResults.present(elsewhere)) {
                    // an allure.properties or an older mayabench put them at the project root
                    getLog().warn("Allure report: there are results in " + elsewhere + "; report on them with "
                            + "-Dmayabench.report.results=" + elsewhere + ", or have the tests write to "
                            + results + " (remove allure.results.directory from src/test/resources/"
                            + "allure.properties)");
                }
                return;
            }
            new AllureReport(home(), AllureReport.DEFAULT_TIMEOUT, log).generate(results.toPath(), output.toPath(),
                    history == null ? Optional.empty() : Optional.of(history.toPath()));
        } catch (AllureReportException e) {
            throw new MojoExecutionException("Allure report: " + e.getMessage(), e);
        } finally {
            log.flush();
            if (line.size() > 0) {
                getLog().info(line.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private Path home() throws MojoExecutionException {
        if (allureHome != null) {
            return allureHome.toPath();
        }
        Path zip = AllureDistribution.resolve(repositorySystem, repositorySession, remoteRepositories, allureVersion);
        return AllureDistribution.unpack(zip, allureUnpackDirectory.toPath(), allureVersion);
    }
}
