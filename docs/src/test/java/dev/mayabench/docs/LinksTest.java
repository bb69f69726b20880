package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Relative links between README.md and the pages point at files that exist, and at headings they have. */
class LinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : Markdown.pages()) {
            List<String> lines = Markdown.prose(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(withoutCodeSpans(lines.get(i)));
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                        continue; // https:, mailto: ... are not ours to check offline
                    }
                    checked++;
                    String where = Markdown.root().relativize(page) + ":" + (i + 1) + ": (" + target + ")";
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(where + " no file " + Markdown.root().relativize(resolved));
                    } else if (hash >= 0 && resolved.toString().endsWith(".md")
                            && !anchors(resolved).contains(target.substring(hash + 1))) {
                        broken.add(where + " no heading with anchor #" + target.substring(hash + 1) + " in "
                                + Markdown.root().relativize(resolved) + "; it has " + anchors(resolved));
                    }
                }
            }
        }
        assertThat(checked).as("relative links checked").isPositive();
        assertThat(broken).isEmpty();
    }

    @Test
    void everyPageIsLinkedFromTheIndex() {
        String index = String.join("\n", Markdown.lines(Markdown.root().resolve("docs/index.md")));
        List<String> missing = Markdown.pages().stream().skip(1)
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.equals("index.md") && !index.contains("](" + name))
                .toList();
        assertThat(missing).as("pages docs/index.md does not link").isEmpty();
    }

    /** Anchors of a page's headings, the way GitHub makes them (a repeated heading gets -1, -2, ...). */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Markdown.prose(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, drop everything but letters, digits, spaces, '-' and '_', spaces become '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("`|\\*\\*|\\[|\\]\\([^)]*\\)", "").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String withoutCodeSpans(String line) {
        return line.replaceAll("`[^`]*`", "``");
    }
}
