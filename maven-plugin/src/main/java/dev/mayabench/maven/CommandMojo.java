package dev.mayabench.maven;

import dev.mayabench.cli.Mayabench;
import java.io.File;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * A goal that runs one subcommand of the {@code mayabench} command ({@link Mayabench}) in Maven's JVM, so the
 * command line and the plugin share one implementation. The command's output goes to the build log; its exit
 * status 1 (something failed or is left) fails the build with a {@code MojoFailureException}, 2 (bad usage) with a
 * {@code MojoExecutionException}, each carrying the command's message.
 *
 * <p>The goals are aggregators: from the parent of a multi-module build they run once, not once per module, and
 * look for cluster workspaces in the build directory of every module of the reactor ({@code --build-dir} once per
 * module) as well as in the kept clusters ({@code ~/.mayabench/clusters}, or {@code mayabench.home}). Run from
 * a module's own directory they see that module's build directory. A new workspace ({@code up}) goes to the build
 * directory of the project {@code mvn} was started in.
 */
abstract class CommandMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${reactorProjects}", readonly = true, required = true)
    List<MavenProject> reactorProjects;

    /** Set by tests instead of the projects: the build directories the command looks in. */
    List<Path> buildDirectories;

    /** The subcommand's name and arguments, without {@code --build-dir}. */
    abstract List<String> arguments() throws MojoExecutionException;

    /** Whether the subcommand takes {@code --build-dir} (reap asks AWS only). */
    boolean looksForWorkspaces() {
        return true;
    }

    /** Whether the subcommand reads settings, including the project's {@code mayabench.yaml} on the classpath. */
    boolean readsSettings() {
        return false;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<String> args = new ArrayList<>(arguments());
        if (looksForWorkspaces()) {
            for (Path build : buildDirectories()) {
                args.add("--build-dir");
                args.add(build.toString());
            }
        }
        getLog().debug("mayabench " + String.join(" ", args));
        LogWriter out = new LogWriter(getLog()::info);
        LogWriter err = new LogWriter(getLog()::error);
        int status;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader settings = settingsLoader(previous)) {
            if (settings != null) {
                thread.setContextClassLoader(settings);
            }
            status = Mayabench.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    args.toArray(String[]::new));
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("cannot close the class loader of the project's settings", e);
        } finally {
            thread.setContextClassLoader(previous);
            out.close();
            err.close();
        }
        if (status == 0) {
            return;
        }
        // the command's messages already start with "mayabench <command>: " where it wrote them that way
        String command = "mayabench " + args.get(0);
        String message = err.text().isEmpty() ? "see the output above" : err.text();
        if (status == 1) {
            throw new MojoFailureException(command + " failed or left something: "
                    + (message.startsWith(command + ": ") ? message.substring(command.length() + 2) : message));
        }
        throw new MojoExecutionException(message.startsWith(command + ": ") ? message : command + ": " + message);
    }

    List<Path> buildDirectories() {
        if (buildDirectories != null) {
            return buildDirectories;
        }
        List<Path> found = new ArrayList<>();
        // the project mvn started in first: up puts a new workspace there
        found.add(Path.of(project.getBuild().getDirectory()));
        for (MavenProject module : reactorProjects) {
            Path build = Path.of(module.getBuild().getDirectory());
            if (!found.contains(build)) {
                found.add(build);
            }
        }
        return found;
    }

    /**
     * The project's test resources and test classes, ahead of the plugin's own class path: the command reads
     * {@code mayabench.yaml} from the context class loader, as the tests do; in Maven that is the plugin's class
     * path, which does not hold the project's file.
     */
    private URLClassLoader settingsLoader(ClassLoader parent) throws MojoExecutionException {
        if (!readsSettings() || project == null) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        try {
            for (Resource resource : project.getTestResources()) {
                urls.add(new File(resource.getDirectory()).toURI().toURL());
            }
            urls.add(new File(project.getBuild().getTestOutputDirectory()).toURI().toURL());
        } catch (MalformedURLException e) {
            throw new MojoExecutionException("cannot read the project's test resources: " + e.getMessage(), e);
        }
        return new ChildFirstResources(urls.toArray(URL[]::new), parent);
    }

    /** Finds resources in the project first (its mayabench.yaml wins over any in a jar), classes in the parent. */
    private static final class ChildFirstResources extends URLClassLoader {

        ChildFirstResources(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
