package dev.mayabench.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;

/**
 * The directory that holds everything one cluster is made of and needs later: {@code state.json} (what was
 * created, for teardown and reuse), secrets such as {@code id_ed25519} and {@code admin.conf} (owner-only,
 * 0600), {@code inventory.ini}, {@code known_hosts} and {@code logs/<stage>.log}.
 *
 * <pre>{@code
 * Workspace ws = Workspace.open(Path.of("target/mayabench/demo"));
 * ws.writeSecret("id_ed25519", privateKeyBytes);
 * ws.updateState(s -> s.withResource(new CreatedResource("directory", "/mnt/nvme/mayabench", "fio data")));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Workspace {

    static final String STATE_FILE = "state.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    private Workspace(Path directory) {
        this.directory = directory;
    }

    /**
     * Where kept clusters ({@code reuse}) live, outside any build directory so {@code mvn clean} does not forget
     * them: {@code MAYABENCH_HOME} or {@code mayabench.home}, else {@code ~/.mayabench}, then {@code clusters}.
     */
    public static Path keptClustersRoot() {
        String home = System.getenv("MAYABENCH_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("mayabench.home");
        }
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".mayabench")
                : Path.of(home);
        return base.toAbsolutePath().normalize().resolve("clusters");
    }

    /** Opens (creating if needed) the workspace directory. */
    public static Workspace open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot use " + absolute + " as the workspace: a file of that name "
                    + "is in the way; remove it or choose another cluster name", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("cannot create the workspace " + absolute
                    + ": permission denied; make the build directory writable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace " + absolute + ": " + e, e);
        }
        return new Workspace(absolute);
    }

    public Path directory() {
        return directory;
    }

    /** A file in the workspace (which may not exist yet). */
    public Path file(String name) {
        return directory.resolve(name);
    }

    /** The log file of one stage. */
    public Path logFile(String stage) {
        return directory.resolve("logs").resolve(stage + ".log");
    }

    /**
     * Writes a secret (a private key, a kubeconfig) readable by its owner only. The file is created with
     * 0600 before any byte is written, so the secret is never readable by others, not even briefly.
     */
    public Path writeSecret(String name, byte[] content) {
        Path target = file(name);
        try {
            Files.deleteIfExists(target);
            if (supportsPosix()) {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(target);
            }
            Files.write(target, content);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private boolean supportsPosix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The recorded state, if this workspace has one. */
    public Optional<WorkspaceState> state() {
        Path file = file(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), WorkspaceState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (" + e.getMessage()
                    + "); if it was edited by hand, restore it or delete the workspace after removing what it "
                    + "lists by hand", e);
        }
    }

    /** Writes the state (atomically, so a crash never leaves half a file behind). */
    public void writeState(WorkspaceState state) {
        Path file = file(STATE_FILE);
        Path temporary = file(STATE_FILE + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), state);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads, changes and writes the state in one go. */
    public synchronized WorkspaceState updateState(UnaryOperator<WorkspaceState> change) {
        WorkspaceState current = state().orElseThrow(() -> new IllegalStateException(
                "workspace " + directory + " has no " + STATE_FILE + " yet"));
        WorkspaceState changed = change.apply(current);
        writeState(changed);
        return changed;
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
