package dev.mayabench.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mayabench.stage.StageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Checks of the {@code playbooks} settings, made when the configuration is loaded, so a missing file, a file that
 * is not a playbook or a YAML error stops the run before any machine is created, naming the setting and the path.
 *
 * <p>What "a playbook" means is Ansible's rule (ansible/ansible, {@code lib/ansible/playbook/__init__.py},
 * {@code Playbook._load_playbook_data}, read in ansible-core 2.14.18 as Debian 12 installs it): the file is one YAML document holding a non-empty list
 * ("A playbook must be a list of plays"), each entry a mapping ("playbook entries must be either valid plays or
 * 'import_playbook' statements"); a play needs {@code hosts} ({@code lib/ansible/playbook/play.py}:
 * {@code hosts = NonInheritableFieldAttribute(..., required=True)}), an import names {@code import_playbook} or
 * its FQCN ({@code lib/ansible/constants.py}: {@code _ACTION_IMPORT_PLAYBOOK = add_internal_fqcns(('import_playbook', ))}).
 * Modules, roles and Jinja are Ansible's to check when it runs.
 *
 * <pre>{@code
 * PlaybookChecks.files(List.of("ansible/lvm.yml"));   // accepted, or rejected with what is wrong and a fix
 * }</pre>
 */
final class PlaybookChecks {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> IMPORT_PLAYBOOK = Set.of("import_playbook", "ansible.builtin.import_playbook",
            "ansible.legacy.import_playbook");
    static final String ALLOWED = "playbook files (relative paths start from the working directory) or "
            + UserPlaybook.CLASSPATH + "<resource>, comma-separated or a YAML list";

    private PlaybookChecks() {
    }

    /** Every playbook of the list checked; one rejection names each bad entry and its fix. */
    static Verdict<List<UserPlaybook>> files(List<String> written) {
        List<UserPlaybook> playbooks = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String entry : written) {
            Verdict<UserPlaybook> checked = entry.startsWith(UserPlaybook.CLASSPATH) ? resource(entry) : file(entry);
            if (checked.accepted()) {
                playbooks.add(checked.value());
            } else {
                // with one entry the message already quotes it as the setting's value
                wrong.add((written.size() == 1 ? "" : "'" + entry + "': ") + checked.fix());
            }
        }
        return wrong.isEmpty() ? Verdict.accept(List.copyOf(playbooks)) : Verdict.reject(ALLOWED,
                String.join("; ", wrong));
    }

    private static Verdict<UserPlaybook> file(String entry) {
        Path path;
        try {
            path = Path.of(entry.replaceFirst("^~(?=/|$)", Matcher.quoteReplacement(
                    System.getProperty("user.home"))));
        } catch (InvalidPathException e) {
            return Verdict.reject(ALLOWED, "not a path: " + e.getReason());
        }
        Path absolute = path.toAbsolutePath().normalize();
        String relative = path.isAbsolute() ? "" : " (relative paths start from the working directory "
                + Path.of("").toAbsolutePath() + ")";
        if (Files.isDirectory(absolute)) {
            return Verdict.reject(ALLOWED, absolute + " is a directory; name the playbook in it"
                    + playbooksIn(absolute).map(names -> ", e.g. " + names).orElse(""));
        }
        if (!Files.isRegularFile(absolute)) {
            return Verdict.reject(ALLOWED, "there is no file " + absolute + relative + nearNames(absolute)
                    + playgroundHint(absolute));
        }
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Verdict.reject(ALLOWED, "cannot read " + absolute + ": " + e);
        }
        return playbook(text, absolute.toString()).map(fix -> Verdict.<UserPlaybook>reject(ALLOWED, fix))
                .orElseGet(() -> Verdict.accept(UserPlaybook.file(entry, absolute)));
    }

    private static Verdict<UserPlaybook> resource(String entry) {
        String name = entry.substring(UserPlaybook.CLASSPATH.length()).replaceFirst("^/+", "");
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(PlaybookChecks.class.getClassLoader());
        URL url = name.isEmpty() ? null : loader.getResource(name);
        if (url == null) {
            return Verdict.reject(ALLOWED, "there is no resource '" + name + "' on the classpath (it is looked up "
                    + "like getResource(\"" + name + "\"): put the file under src/test/resources/" + name + ")"
                    + resourceNearNames(loader, name));
        }
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Verdict.reject(ALLOWED, "cannot read " + url + ": " + e);
        }
        return playbook(text, url.toString()).map(fix -> Verdict.<UserPlaybook>reject(ALLOWED, fix))
                .orElseGet(() -> Verdict.accept(UserPlaybook.resource(entry, url)));
    }

    /** What keeps {@code text} from being a playbook, or empty when Ansible would take its shape. */
    static Optional<String> playbook(String text, String where) {
        JsonNode root;
        try (JsonParser parser = YAML.createParser(text)) {
            root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                return Optional.of(where + " holds more than one YAML document; a playbook is one document "
                        + "(remove the '---' between them)");
            }
        } catch (JsonProcessingException e) {
            return Optional.of(where + " is not valid YAML: " + yamlError(e, text));
        } catch (IOException e) {
            return Optional.of("cannot read " + where + ": " + e);
        }
        if (root == null || root.isNull() || root.isMissingNode() || root.isArray() && root.isEmpty()) {
            return Optional.of(where + " is empty; a playbook is a list of plays, each with hosts and tasks");
        }
        if (!root.isArray()) {
            String shape = root.isObject() ? "a mapping (" + keys(root) + ")" : "'" + ConfigFile.abbreviate(
                    root.asText()) + "'";
            return Optional.of(where + " is not a playbook: Ansible wants a list of plays ('- hosts: ...'), its top "
                    + "level is " + shape + (root.has("tasks") || root.has("hosts") ? "; put '- ' before the play"
                    : "; if it is a task list or a vars file, include it from a play's tasks or vars_files"));
        }
        int position = 0;
        for (JsonNode entry : root) {
            position++;
            if (!entry.isObject()) {
                return Optional.of(where + " is not a playbook: entry " + position + " is '"
                        + ConfigFile.abbreviate(entry.asText(entry.toString())) + "', but each entry must be a play "
                        + "(a mapping with hosts) or an import_playbook");
            }
            boolean imports = IMPORT_PLAYBOOK.stream().anyMatch(entry::has);
            if (!imports && !entry.has("hosts")) {
                return Optional.of(where + " is not a playbook: play " + position + (entry.has("name") ? " ('"
                        + entry.path("name").asText() + "')" : "") + " has no 'hosts' (it has " + keys(entry)
                        + "); Ansible requires it: add e.g. 'hosts: mayastor_storage' (if the file is a task "
                        + "list, its tasks go under a play's 'tasks:')");
            }
        }
        return Optional.empty();
    }

    private static String keys(JsonNode mapping) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys.isEmpty() ? "no keys" : String.join(", ", keys);
    }

    /**
     * The parser's complaint with its line. An unquoted value that starts with {@code {{} is the classic one: YAML
     * reads it as a flow mapping, and Ansible's YAML syntax page says to quote it
     * (https://docs.ansible.com/ansible/latest/reference_appendices/YAMLSyntax.html#gotchas).
     */
    private static String yamlError(JsonProcessingException e, String text) {
        int line;
        String problem;
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            line = at.getLine() + 1;
            problem = yaml.getProblem() + " (column " + (at.getColumn() + 1) + ")";
        } else {
            line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            problem = e.getOriginalMessage().replaceFirst(", got this instead: <.*", "");
        }
        List<String> lines = text.lines().toList();
        String written = line >= 1 && line <= lines.size() ? lines.get(line - 1).strip() : "";
        String fix = written.matches(".*:\\s*\\{\\{.*")
                ? "; a value that starts with '{{' must be quoted: " + written.replaceFirst(":\\s*(\\{\\{.*)$",
                        ": \"$1\"")
                : "";
        return "line " + line + (written.isEmpty() ? "" : " '" + written + "'") + ": " + problem + fix;
    }

    /** "; did you mean 'x.yml'?" from the playbooks in the same directory, or what is there. */
    private static String nearNames(Path missing) {
        Path parent = missing.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "; the directory " + parent + " does not exist either";
        }
        List<String> names = yamlFiles(parent);
        String wanted = missing.getFileName().toString();
        return Suggestions.closest(wanted, names).map(n -> "; did you mean '" + n + "' in " + parent + "?")
                .orElse(names.isEmpty() ? "; " + parent + " holds no .yml or .yaml file"
                        : "; the playbooks in " + parent + " are " + String.join(", ", names));
    }

    private static Optional<String> playbooksIn(Path directory) {
        List<String> names = yamlFiles(directory);
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names.stream().limit(5).toList()));
    }

    private static List<String> yamlFiles(Path directory) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String resourceNearNames(ClassLoader loader, String name) {
        int slash = name.lastIndexOf('/');
        String parent = slash < 0 ? "" : name.substring(0, slash);
        URL directory = loader.getResource(parent);
        if (directory == null || !directory.getProtocol().equals("file")) {
            return "";
        }
        try {
            Path path = Path.of(directory.toURI());
            List<String> names = yamlFiles(path);
            String prefix = UserPlaybook.CLASSPATH + (parent.isEmpty() ? "" : parent + "/");
            return Suggestions.closest(name.substring(slash + 1), names)
                    .map(n -> "; did you mean '" + prefix + n + "'?").orElse("");
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "";
        }
    }

    /** The playground looked its PLAYBOOKS up in its own deployments directory; mayabench does not have one. */
    private static String playgroundHint(Path missing) {
        String name = missing.getFileName().toString();
        if (name.equals("mayastor.yml")) {
            return "; the playground's mayastor.yml installs Mayastor, which mayabench's deploy stage does: leave it "
                    + "out";
        }
        return "";
    }

    /** {@code playbooks.after}: the set-up stage the playbooks run right after. */
    static Verdict<StageName> after(String raw) {
        String value = raw.trim();
        List<String> points = PlaybookOptions.POINTS.stream().map(StageName::id).toList();
        String allowed = String.join(" or ", points);
        Optional<StageName> stage = StageName.of(value).or(() -> PlaygroundVars.stageOf(value));
        if (stage.isPresent() && PlaybookOptions.POINTS.contains(stage.get())) {
            return Verdict.accept(stage.get());
        }
        if (stage.isPresent()) {
            return Verdict.reject(allowed, "the playbooks need the nodes prepared and run before the workload; "
                    + "use prepare-nodes to run them before Mayastor is deployed, deploy (the default) for after");
        }
        return Verdict.reject(allowed, Suggestions.didYouMean(value, points));
    }
}
