package dev.mayabench.ansible;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The Ansible installation mayabench runs: {@code ansible-playbook} and {@code ansible-inventory} from the
 * {@code PATH}, or from one directory (a virtualenv's {@code bin}, as kubespray wants its own). It checks the
 * version before first use, so a missing or old Ansible is one clear message instead of a playbook that fails
 * half-way.
 *
 * <pre>{@code
 * Ansible ansible = new Ansible();
 * ansible.version();                                  // "2.14.18", or AnsibleNotInstalledException
 * String json = ansible.listInventory(Path.of("target/mayabench/demo/inventory.ini"));
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public final class Ansible {

    /** The oldest ansible-core the playbooks are written for (Debian 12's). */
    public static final String MINIMUM_VERSION = "2.14";
    /** The system property that names the directory holding {@code ansible-playbook}. */
    public static final String HOME_SETTING = "mayabench.ansible.home";

    /** ssh options for a project's runs: kubespray's connection reuse and retries, no host-key settings. */
    static final String PROJECT_SSH_ARGS = "-o ControlMaster=auto -o ControlPersist=30m -o ConnectionAttempts=100";
    static final Duration QUICK_COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CORE_VERSION = Pattern.compile("\\[core (\\d+)\\.(\\d+)(?:\\.(\\S+))?]");

    private final Path home;
    private final Path project;
    private volatile String version;

    /** Ansible from {@code mayabench.ansible.home} when set, else from the {@code PATH}. */
    public Ansible() {
        this(System.getProperty(HOME_SETTING, ""));
    }

    private Ansible(String home) {
        this(home.isBlank() ? null : Path.of(home));
    }

    /** Ansible from one directory, or from the {@code PATH} when {@code home} is null. */
    public Ansible(Path home) {
        this(home, null);
    }

    private Ansible(Path home, Path project) {
        this.home = home;
        this.project = project;
    }

    /**
     * This Ansible run the way a playbook project such as kubespray documents it: from the project's checkout, so
     * its {@code ansible.cfg} ({@code roles_path}, {@code library}, ...) applies. Ansible reads {@code ansible.cfg}
     * from the working directory only when that directory is not world-writable, so the file is also named with
     * {@code ANSIBLE_CONFIG}, which always wins (docs.ansible.com, "Configuration file": ANSIBLE_CONFIG, then
     * ./ansible.cfg, then ~/.ansible.cfg, then /etc/ansible/ansible.cfg). mayabench's own environment
     * ({@link #configure}: host keys checked, plain output) still overrides the file's settings, since environment
     * variables take precedence over any {@code ansible.cfg}.
     *
     * <pre>{@code
     * Ansible kubespray = new Ansible(dir.resolve("venv/bin")).inProject(dir);   // cd dir && venv/bin/ansible-playbook
     * }</pre>
     */
    public Ansible inProject(Path directory) {
        return new Ansible(home, Objects.requireNonNull(directory, "directory").toAbsolutePath());
    }

    /** The command line that starts one of Ansible's programs ({@code ansible-playbook}, ...). */
    List<String> command(String program) {
        return new ArrayList<>(List.of(home == null ? program : home.resolve(program).toString()));
    }

    /** The environment every Ansible process gets: plain output, no retry files, host keys checked. */
    static void configure(Map<String, String> environment) {
        environment.put("ANSIBLE_NOCOLOR", "1");
        environment.put("ANSIBLE_FORCE_COLOR", "0");
        environment.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
        environment.put("ANSIBLE_HOST_KEY_CHECKING", "True");
        environment.put("ANSIBLE_STDOUT_CALLBACK", "default");
        environment.put("ANSIBLE_LOAD_CALLBACK_PLUGINS", "0");
        environment.put("ANSIBLE_DEPRECATION_WARNINGS", "0");
        environment.put("PYTHONUNBUFFERED", "1");
        // one SSH round trip per task instead of copy-then-run: a remote-heavy play runs several times faster
        environment.put("ANSIBLE_PIPELINING", "True");
    }

    /**
     * The ansible-core version, checked once: at least {@value #MINIMUM_VERSION}.
     *
     * @throws AnsibleNotInstalledException when {@code ansible-playbook} cannot be run or is too old
     */
    public String version() {
        String known = version;
        if (known != null) {
            return known;
        }
        List<String> command = command("ansible-playbook");
        command.add("--version");
        Output output;
        try {
            output = run(command, QUICK_COMMAND_TIMEOUT);
        } catch (UncheckedIOException e) {
            throw new AnsibleNotInstalledException("cannot run '" + command.get(0) + "' ("
                    + e.getCause().getMessage() + ")", e);
        }
        Matcher m = CORE_VERSION.matcher(output.stdout());
        if (output.exitCode() != 0 || !m.find()) {
            throw new AnsibleNotInstalledException("'" + String.join(" ", command) + "' exited with "
                    + output.exitCode() + " and printed no ansible-core version: " + tail(output.all()), null);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String found = major + "." + minor + (m.group(3) == null ? "" : "." + m.group(3));
        String[] minimum = MINIMUM_VERSION.split("\\.");
        int minMajor = Integer.parseInt(minimum[0]);
        if (major < minMajor || major == minMajor && minor < Integer.parseInt(minimum[1])) {
            throw new AnsibleNotInstalledException("'" + command.get(0) + "' is ansible-core " + found
                    + ", older than " + MINIMUM_VERSION, null);
        }
        version = found;
        return found;
    }

    /**
     * The inventory as Ansible itself reads it: {@code ansible-inventory --list}'s JSON. Reading it with Ansible
     * rather than a parser of our own means a user's inventory in any format Ansible takes (INI, YAML, a
     * directory with {@code group_vars}) is understood exactly as the playbooks will see it.
     */
    public String listInventory(Path inventory) {
        version();
        if (!Files.isReadable(inventory)) {
            throw new AnsibleException("the inventory " + inventory.toAbsolutePath() + " does not exist or cannot "
                    + "be read; put it there, or do not skip the provision stage, which writes it");
        }
        List<String> command = command("ansible-inventory");
        command.addAll(List.of("--inventory", inventory.toAbsolutePath().toString(), "--list"));
        Output output = run(command, QUICK_COMMAND_TIMEOUT);
        if (output.exitCode() != 0 || output.stdout().isBlank()) {
            throw new AnsibleException("Ansible cannot read the inventory " + inventory.toAbsolutePath()
                    + ": " + tail(output.stderr()) + "; fix the file (ansible-inventory -i FILE --list shows "
                    + "what Ansible makes of it)");
        }
        return output.stdout();
    }

    /**
     * Runs a playbook to its end. Every output line goes to {@code log} and to {@code lines} as it comes (the
     * stage log and the console show progress live); the result carries the recap and the failed tasks.
     *
     * @throws PlaybookFailedException when a task failed or a host was unreachable, naming host, task and reason
     */
    public PlaybookResult run(Playbook playbook, Path log, Consumer<String> lines) {
        PlaybookResult result = execute(playbook, List.of(), log, lines);
        if (!result.succeeded()) {
            throw new PlaybookFailedException(playbook.file().getFileName().toString(), result, log);
        }
        return result;
    }

    /**
     * Runs a playbook with further {@code ansible-playbook} options, e.g. {@code --tags node-name} to run only the
     * tasks that report what the installers would pass, as the dry run of a stage does.
     *
     * @throws PlaybookFailedException when a task failed or a host was unreachable
     */
    public PlaybookResult run(Playbook playbook, List<String> options, Path log, Consumer<String> lines) {
        PlaybookResult result = execute(playbook, List.copyOf(options), log, lines);
        if (!result.succeeded()) {
            throw new PlaybookFailedException(playbook.file().getFileName().toString(), result, log);
        }
        return result;
    }

    /** {@code ansible-playbook --syntax-check}: the playbook parses and every module it names exists. */
    public PlaybookResult syntaxCheck(Playbook playbook, Path log) {
        PlaybookResult result = execute(playbook, List.of("--syntax-check"), log, line -> { });
        if (result.exitCode() != 0) {
            throw new AnsibleException("ansible-playbook --syntax-check " + playbook.file() + " failed: "
                    + tail(readQuietly(log)));
        }
        return result;
    }

    private PlaybookResult execute(Playbook playbook, List<String> options, Path log, Consumer<String> lines) {
        version();
        List<String> command = command("ansible-playbook");
        command.addAll(List.of("--inventory", playbook.inventory().toAbsolutePath().toString()));
        if (playbook.check()) {
            command.add("--check");
        }
        command.addAll(options);
        List<String> output = new ArrayList<>();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            if (!playbook.extraVars().isEmpty()) {
                Path vars = log.resolveSibling(playbook.name() + "-vars.json");
                JSON.writeValue(vars.toFile(), playbook.extraVars());
                command.addAll(List.of("--extra-vars", "@" + vars.toAbsolutePath()));
            }
            command.add(playbook.file().toAbsolutePath().toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .directory((project != null ? project : playbook.inventory().toAbsolutePath().getParent())
                            .toFile());
            configure(builder.environment());
            if (project != null && Files.isRegularFile(project.resolve("ansible.cfg"))) {
                builder.environment().put("ANSIBLE_CONFIG", project.resolve("ansible.cfg").toString());
                // kubespray's ansible.cfg (v2.27.0) has ssh_args "... -o UserKnownHostsFile=/dev/null"; on ssh's
                // command line that beats the workspace ssh_config's pinned known_hosts, so every node would fail
                // "Host key verification failed". Its connection options are kept, the known-hosts override is not.
                builder.environment().put("ANSIBLE_SSH_ARGS", PROJECT_SSH_ARGS);
            }
            Process process = builder.start();
            AtomicBoolean stopped = new AtomicBoolean();
            Thread watchdog = watchdog(process, playbook, stopped);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                writer.write("$ " + String.join(" ", command) + "\n");
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    writer.write(line);
                    writer.newLine();
                    writer.flush();
                    lines.accept(line);
                }
            }
            int exit = process.waitFor();
            watchdog.interrupt();
            if (stopped.get()) {
                throw new AnsibleException("ansible-playbook " + playbook.file().getFileName() + " was stopped "
                        + "after " + playbook.timeout().toMinutes() + " min without finishing; see " + log);
            }
            return PlaybookResult.of(exit, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ansible-playbook " + playbook.file() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnsibleException("interrupted while ansible-playbook " + playbook.file().getFileName()
                    + " was running", e);
        }
    }

    private static Thread watchdog(Process process, Playbook playbook, AtomicBoolean stopped) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(playbook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    stopped.set(true);
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                }
            } catch (InterruptedException finished) {
                // the playbook ended in time
            }
        }, "mayabench-ansible-timeout-" + playbook.name());
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + file + " cannot be read: " + e.getMessage() + ")";
        }
    }

    record Output(int exitCode, String stdout, String stderr) {
        String all() {
            return (stdout + "\n" + stderr).strip();
        }
    }

    /** Runs a short command to its end; output goes to files, so a chatty process never blocks on a pipe. */
    static Output run(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("mayabench-ansible", ".out");
            err = Files.createTempFile("mayabench-ansible", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            configure(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AnsibleException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnsibleException("interrupted while waiting for '" + String.join(" ", command) + "'", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    static String tail(String text) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    @Override
    public String toString() {
        return "Ansible(" + Objects.requireNonNullElse(home, Path.of("PATH"))
                + (project == null ? "" : ", in " + project) + ")";
    }
}
