package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guardrail table of docs/thresholds-and-guardrails.md names exactly the findings {@code Guardrails} makes.
 * The ids are string literals in its source (a finding is a record, not an enum), so the source is what is read.
 */
class GuardrailsReferenceTest {

    private static final Pattern FINDING = Pattern.compile("Finding\\(\\s*\"([a-z-]+)\"");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|");

    @Test
    void theGuardrailTableNamesExactlyTheFindingsGuardrailsMakes() {
        Path source = Markdown.root().resolve("extension/src/main/java/dev/mayabench/fio/Guardrails.java");
        List<String> made = ids(FINDING, String.join("\n", Markdown.lines(source)));
        List<String> documented = new ArrayList<>();
        for (String line : Markdown.prose(Markdown.root().resolve("docs/thresholds-and-guardrails.md"))) {
            documented.addAll(ids(ROW, line));
        }

        assertThat(made).as("findings in Guardrails.java").isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(made);
    }

    private static List<String> ids(Pattern pattern, String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (!ids.contains(m.group(1))) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
