package dev.mayabench.fio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fio job file read the way fio's ini parser reads it, keeping every line as written: sections
 * ({@code [global]} and jobs), options ({@code key=value} or a bare {@code key}), comments ({@code ;} or
 * {@code #}, also after a value) and {@code include} lines. Only what mayabench needs is interpreted; the text
 * itself is rendered back unchanged.
 */
final class JobFileText {

    static final String GLOBAL = "global";

    /** fio's aliases of the options mayabench reads, so {@code blocksize=8k} counts as {@code bs}. */
    private static final Map<String, String> ALIASES = Map.of(
            "readwrite", "rw", "blocksize", "bs", "timeout", "runtime", "wait_for_previous", "stonewall");

    /**
     * One section.
     *
     * @param name           its name between the brackets
     * @param headerLine     index of the {@code [name]} line
     * @param lastOptionLine index of its last option or include line ({@code headerLine} if it has none)
     * @param options        its options in order, keys lower-case with fio's aliases resolved; a bare option maps to
     *                       an empty string; a repeated option keeps its last value
     */
    record Section(String name, int headerLine, int lastOptionLine, Map<String, String> options) {

        boolean isGlobal() {
            return GLOBAL.equals(name);
        }
    }

    private final List<String> lines;
    private final List<Section> sections;

    private JobFileText(List<String> lines, List<Section> sections) {
        this.lines = lines;
        this.sections = sections;
    }

    static JobFileText parse(String text) {
        List<String> lines = List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        List<Section> sections = new ArrayList<>();
        String name = null;
        int header = -1;
        int last = -1;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (name != null) {
                    sections.add(new Section(name, header, last, Collections.unmodifiableMap(options)));
                }
                int close = line.indexOf(']');
                name = (close < 0 ? line.substring(1) : line.substring(1, close)).strip();
                header = i;
                last = i;
                options = new LinkedHashMap<>();
                continue;
            }
            if (name == null) {
                continue; // fio rejects options outside a section and says so; leave that message to fio
            }
            last = i;
            if (isInclude(line)) {
                continue;
            }
            String option = stripComment(line);
            int eq = option.indexOf('=');
            String key = (eq < 0 ? option : option.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : option.substring(eq + 1).strip();
            key = ALIASES.getOrDefault(key, key);
            options.remove(key);
            options.put(key, value);
        }
        if (name != null) {
            sections.add(new Section(name, header, last, Collections.unmodifiableMap(options)));
        }
        return new JobFileText(List.copyOf(lines), List.copyOf(sections));
    }

    static boolean isInclude(String strippedLine) {
        return strippedLine.startsWith("include ") || strippedLine.startsWith("include\t");
    }

    /** fio ends a value at the first {@code ;} or {@code #}: {@code directory=/a;b} names {@code /a}. */
    private static String stripComment(String line) {
        int cut = line.length();
        int semicolon = line.indexOf(';');
        int hash = line.indexOf('#');
        if (semicolon >= 0) {
            cut = semicolon;
        }
        if (hash >= 0 && hash < cut) {
            cut = hash;
        }
        return line.substring(0, cut);
    }

    List<String> lines() {
        return lines;
    }

    List<Section> sections() {
        return sections;
    }

    List<Section> jobs() {
        return sections.stream().filter(s -> !s.isGlobal()).toList();
    }

    /** Whether any section sets one of {@code keys}. */
    boolean sets(String... keys) {
        for (Section s : sections) {
            for (String key : keys) {
                if (s.options().containsKey(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same text with {@code line} at {@code index} replaced. */
    JobFileText withLine(int index, String line) {
        List<String> changed = new ArrayList<>(lines);
        changed.set(index, line);
        return new JobFileText(List.copyOf(changed), sections);
    }
}
