package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.docs.Markdown.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of README.md and docs/*.md is code this module compiles: either the README's consumer
 * test, a whole file under {@code src/test/java}, or the tagged region of such a file its marker names. So a
 * renamed method or attribute breaks this module's build before it misleads a reader.
 */
class JavaSnippetsTest {

    static final String CONSUMER_TEST = "consumer: test ";
    static final String SNIPPET = "snippet: ";

    /** This module's test sources; markers name files relative to it. */
    static Path testSources() {
        return Markdown.root().resolve("docs/src/test/java");
    }

    @Test
    void everyJavaBlockIsTheConsumerTestOrATaggedRegionOfACompiledFile() {
        List<Block> java = Markdown.allBlocks().stream().filter(b -> b.language().equals("java")).toList();
        List<String> wrong = new ArrayList<>();
        for (Block block : java) {
            if (block.marker().startsWith(CONSUMER_TEST)) {
                checkConsumerTest(block, wrong);
            } else if (block.marker().startsWith(SNIPPET)) {
                checkSnippet(block, wrong);
            } else {
                wrong.add(block.where() + ": a java block needs, on the line before it, either <!-- "
                        + CONSUMER_TEST + "src/test/java/<path>.java --> or <!-- " + SNIPPET
                        + "<file under docs/src/test/java>#<tag> --> naming the code it shows");
            }
        }
        assertThat(java).as("java blocks in the docs").isNotEmpty();
        assertThat(wrong).as("java blocks that are not code this module compiles").isEmpty();
    }

    private static void checkConsumerTest(Block block, List<String> wrong) {
        String path = block.marker().substring(CONSUMER_TEST.length()).trim();
        if (!path.startsWith("src/test/java/")) {
            wrong.add(block.where() + ": the consumer test's path must start with src/test/java/, was " + path);
            return;
        }
        Path file = testSources().resolve(path.substring("src/test/java/".length()));
        if (!Files.isRegularFile(file)) {
            wrong.add(block.where() + ": the consumer test " + path + " must be a compiled file of this module: "
                    + "copy the block to " + Markdown.root().relativize(file));
            return;
        }
        String compiled = read(file).strip();
        if (!compiled.equals(block.text().strip())) {
            wrong.add(block.where() + ": differs from " + Markdown.root().relativize(file) + " (first difference "
                    + firstDifference(block.text().strip(), compiled) + "); make them the same");
        }
    }

    private static void checkSnippet(Block block, List<String> wrong) {
        String reference = block.marker().substring(SNIPPET.length()).trim();
        int hash = reference.indexOf('#');
        if (hash < 0) {
            wrong.add(block.where() + ": snippet marker '" + reference + "' must be <file>#<tag>");
            return;
        }
        Path file = testSources().resolve(reference.substring(0, hash));
        String tag = reference.substring(hash + 1);
        if (!Files.isRegularFile(file)) {
            wrong.add(block.where() + ": no file " + Markdown.root().relativize(file));
            return;
        }
        try {
            String region = region(read(file), tag);
            if (!region.equals(normalized(block.text()))) {
                wrong.add(block.where() + ": differs from region '" + tag + "' of " + Markdown.root().relativize(file)
                        + " (first difference " + firstDifference(normalized(block.text()), region)
                        + "); make them the same");
            }
        } catch (IllegalArgumentException e) {
            wrong.add(block.where() + ": " + e.getMessage());
        }
    }

    /**
     * The lines between {@code // tag::<tag>[]} and {@code // end::<tag>[]}, without the indentation they share
     * (the AsciiDoc convention, so the same tags could feed other tools).
     */
    static String region(String source, String tag) {
        List<String> lines = source.lines().toList();
        int start = indexOf(lines, "// tag::" + tag + "[]");
        int end = indexOf(lines, "// end::" + tag + "[]");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("no region '" + tag + "': the file needs the lines // tag::" + tag
                    + "[] and, after it, // end::" + tag + "[]");
        }
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return normalized(String.join("\n", region.stream()
                .map(l -> l.isBlank() ? "" : l.substring(indent)).toList()));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }

    /** Trailing spaces and leading or trailing blank lines do not count. */
    static String normalized(String text) {
        return String.join("\n", text.lines().map(String::stripTrailing).toList()).strip();
    }

    static String firstDifference(String shown, String compiled) {
        List<String> a = shown.lines().toList();
        List<String> b = compiled.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < b.size() ? b.get(i) : "<end>";
            if (!x.equals(y)) {
                return "at line " + (i + 1) + ": docs '" + x + "', code '" + y + "'";
            }
        }
        return "none";
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
