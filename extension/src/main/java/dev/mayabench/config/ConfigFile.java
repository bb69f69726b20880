package dev.mayabench.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The contents of one {@code mayabench.yaml}: the settings it writes, with the key each was written under, and
 * everything wrong with it. Reads the file as a tree rather than binding it to a class, so every wrong key or
 * wrongly shaped value becomes a {@link Problem} instead of a Jackson exception, and so the playground's
 * variable names can be accepted next to mayabench's own keys (see {@link PlaygroundVars}).
 *
 * <pre>{@code
 * ConfigFile file = ConfigFile.read("storageNodes: 3\nfio: {runtime: 30s}\n", "mayabench.yaml");
 * file.values();   // [storageNodes = 3, fio.runtime = 30s], each with its origin
 * }</pre>
 */
final class ConfigFile {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String location;
    private final List<RawValue> values = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> unused = new ArrayList<>();

    private ConfigFile(String location) {
        this.location = location;
    }

    /**
     * @param text     the file's text
     * @param location how to name the file to a user, e.g. its path
     */
    static ConfigFile read(String text, String location) {
        ConfigFile file = new ConfigFile(location);
        file.parse(text).ifPresent(file::readSettings);
        return file;
    }

    /** The settings the file writes, in file order; a playground alias appears under the setting it maps to. */
    List<RawValue> values() {
        return List.copyOf(values);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** One sentence per playground variable the file sets that mayabench does not use, saying why. */
    List<String> unused() {
        return List.copyOf(unused);
    }

    String location() {
        return location;
    }

    void add(RawValue value) {
        values.add(value);
    }

    void problem(Problem problem) {
        problems.add(problem);
    }

    void unused(String sentence) {
        unused.add(sentence);
    }

    private Optional<JsonNode> parse(String text) {
        JsonNode root;
        boolean moreDocuments;
        // A parser rather than readValues: readValues would also split a top-level list into "documents".
        try (JsonParser parser = YAML.createParser(text)) {
            root = YAML.readTree(parser);
            moreDocuments = parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(text, e));
            return Optional.empty();
        } catch (IOException e) {
            // reading from a String does no I/O; kept as a problem rather than an exception all the same
            problems.add(new Problem(location, null, "a readable YAML file", e.toString(), ""));
            return Optional.empty();
        }
        if (moreDocuments) {
            problems.add(new Problem("---", "more than one document", "one YAML document",
                    "remove the '---' separators so every setting is in one document; mayabench would otherwise "
                            + "ignore all but the first", location));
            return Optional.empty();
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return Optional.empty();
        }
        if (!root.isObject()) {
            problems.add(new Problem("the file", abbreviate(root.toString()),
                    "a mapping of settings, one 'key: value' per line, e.g. 'storageNodes: 3'", "", location));
            return Optional.empty();
        }
        return Optional.of(root);
    }

    private void readSettings(JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode node = field.getValue();
            if (Setting.GROUPS.contains(key)) {
                readGroup(key, node);
            } else if (Setting.allKeys().contains(key)) {
                // top-level keys, and dotted keys (local.dir, fio.runtime) written flat as in a system property
                raw(key, key, node).ifPresent(values::add);
            } else if (PlaygroundVars.isVariable(key)) {
                PlaygroundVars.read(key, node, this);
            } else {
                unknownKey(key, node, Stream.concat(Stream.concat(topLevelKeys().stream(), Setting.GROUPS.stream()),
                        PlaygroundVars.names().stream()).toList());
            }
        }
    }

    private void readGroup(String group, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        List<String> members = Setting.allKeys().stream()
                .filter(k -> k.startsWith(group + "."))
                .map(k -> k.substring(group.length() + 1))
                .toList();
        if (!node.isObject()) {
            problems.add(new Problem(group, render(node),
                    "a mapping with the key" + (members.size() == 1 ? " " : "s ") + String.join(", ", members),
                    "write it nested, e.g. '" + group + ": {" + members.get(0) + ": ...}'", "key " + group + " in "
                    + location));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = group + "." + field.getKey();
            if (members.contains(field.getKey())) {
                raw(key, key, field.getValue()).ifPresent(values::add);
            } else {
                unknownKey(key, field.getValue(), members.stream().map(m -> group + "." + m).toList());
            }
        }
    }

    private void unknownKey(String key, JsonNode node, List<String> known) {
        problems.add(new Problem(key, render(node), ClusterSpecLoader.UNKNOWN_NAME,
                Suggestions.didYouMean(key, known), location));
    }

    /**
     * The value of {@code node} for setting {@code key}, written under {@code writtenAs}; empty for {@code null}
     * and blank values, which leave the setting to a source of lower precedence or the default.
     */
    Optional<RawValue> raw(String key, String writtenAs, JsonNode node) {
        Origin origin = Origin.file(writtenAs, location);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isValueNode()) {
            String text = node.asText();
            return text.isBlank() ? Optional.empty() : Optional.of(RawValue.single(key, text, origin));
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    return Optional.of(RawValue.mapping(key, abbreviate(node.toString()), origin));
                }
                items.add(element.asText());
            }
            return Optional.of(RawValue.list(key, items, origin));
        }
        return Optional.of(RawValue.mapping(key, abbreviate(node.toString()), origin));
    }

    private static List<String> topLevelKeys() {
        return Setting.allKeys().stream().filter(k -> !k.contains(".")).toList();
    }

    private Problem syntaxProblem(String text, JsonProcessingException e) {
        List<String> lines = text.lines().toList();
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            Mark context = yaml.getContextMark();
            String fix = "the YAML parser says: " + yaml.getProblem() + " (line " + (at.getLine() + 1) + ", column "
                    + (at.getColumn() + 1) + ")";
            int quoted = at.getLine() + 1;
            if (context != null && yaml.getContext() != null && context.getLine() != at.getLine()) {
                if (line(lines, quoted).isEmpty()) {
                    // the parser ran into the end of the file: the line that opened the construct is the one to fix
                    quoted = context.getLine() + 1;
                    fix += ", " + yaml.getContext() + " that starts here";
                } else {
                    fix += ", " + yaml.getContext() + " that starts at line " + (context.getLine() + 1) + ": '"
                            + line(lines, context.getLine() + 1) + "'";
                }
            }
            return new Problem("line " + quoted, line(lines, quoted), "valid YAML", fix, location);
        }
        JsonLocation at = e.getLocation();
        int lineNumber = at == null ? -1 : at.getLineNr();
        String reason = e.getOriginalMessage();
        if (reason != null && reason.startsWith("Duplicate field")) {
            return new Problem("line " + lineNumber, line(lines, lineNumber), "each key once",
                    reason + " (a key appears twice in the same mapping): keep one of them", location);
        }
        return new Problem("line " + lineNumber, line(lines, lineNumber), "valid YAML",
                "the YAML parser says: " + reason, location);
    }

    private static String line(List<String> lines, int oneBased) {
        if (oneBased < 1 || oneBased > lines.size()) {
            return "";
        }
        return lines.get(oneBased - 1).strip();
    }

    /** A value as a user would recognise it: scalars as written, structures in flow style, long ones cut. */
    static String render(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return abbreviate(node.isValueNode() ? node.asText() : node.toString());
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
