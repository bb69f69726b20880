package dev.mayabench.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One playbook of the {@code playbooks} setting, checked when the configuration was loaded: a file (relative
 * paths start from the working directory, which under Maven is the module's directory) or a {@code classpath:}
 * resource.
 *
 * <pre>{@code
 * UserPlaybook.file("ansible/lvm.yml", Path.of("/home/me/project/ansible/lvm.yml")).name();   // "lvm"
 * UserPlaybook.resource("classpath:playbooks/tune.yml", url).name();                          // "tune"
 * }</pre>
 *
 * @param written  as the user wrote it, for messages
 * @param file     the playbook file, absolute; empty for a classpath resource
 * @param resource the classpath resource; empty for a file
 */
@API(status = API.Status.INTERNAL)
public record UserPlaybook(String written, Optional<Path> file, Optional<URL> resource) {

    /** The prefix that marks a classpath resource. */
    public static final String CLASSPATH = "classpath:";

    public UserPlaybook {
        Objects.requireNonNull(written, "written");
        if (file.isPresent() == resource.isPresent()) {
            throw new IllegalArgumentException("a playbook is a file or a classpath resource: " + written);
        }
    }

    static UserPlaybook file(String written, Path file) {
        return new UserPlaybook(written, Optional.of(file), Optional.empty());
    }

    static UserPlaybook resource(String written, URL resource) {
        return new UserPlaybook(written, Optional.empty(), Optional.of(resource));
    }

    /** The file name without {@code .yml} / {@code .yaml}: what its log file and report step are named after. */
    public String name() {
        String path = file.map(Path::toString).orElseGet(() -> resource.orElseThrow().getPath());
        return path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
    }

    /**
     * The file {@code ansible-playbook} runs: a file playbook where it is (so the roles, files and templates
     * beside it are found, as Ansible resolves them from the playbook's directory), a classpath resource copied to
     * {@code directory/<position>-<file name>} (alone: keep such a playbook self-contained).
     */
    public Path materialize(Path directory, int position) {
        if (file.isPresent()) {
            return file.get();
        }
        URL url = resource.orElseThrow();
        String path = url.getPath();
        Path target = directory.resolve(position + "-" + path.substring(path.lastIndexOf('/') + 1));
        try (InputStream in = url.openStream()) {
            Files.createDirectories(directory);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the playbook " + written + " (" + url + ") to " + target
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return written;
    }
}
