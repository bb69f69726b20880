package dev.mayabench.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pages of the documentation and their fenced code blocks, as the tests of this module read them. A block's
 * marker is an HTML comment on the line right before its opening fence; GitHub does not render it, and it tells
 * the tests what the block is:
 *
 * <pre>{@code
 * <!-- snippet: dev/mayabench/docs/snippets/ThresholdSnippets.java#declared-thresholds -->
 * ```java
 * ...
 * ```
 * }</pre>
 */
public final class Markdown {

    /** The opening or closing fence of a code block: three backticks, then the block's language, if any. */
    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->\\s*$");

    private Markdown() {
    }

    /**
     * One fenced code block.
     *
     * @param page     the page it is on
     * @param line     the line of its opening fence, 1-based
     * @param language what follows the opening fence ({@code java}, {@code yaml}, ...), empty when nothing does
     * @param marker   the text of the HTML comment on the line before the fence, empty when there is none
     * @param text     the lines between the fences, joined with {@code \n}
     */
    public record Block(Path page, int line, String language, String marker, String text) {

        /** Where the block is, as a reader finds it: {@code docs/aws.md:42}. */
        public String where() {
            return root().relativize(page) + ":" + line;
        }
    }

    /** The repository's directory: README.md is there, the pages are in its {@code docs/}. */
    public static Path root() {
        String configured = System.getProperty("docs.root");
        // Surefire passes it; from an IDE the working directory is the module's directory (docs/)
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    /** README.md and every {@code docs/*.md}, README first, then by name. */
    public static List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        pages.add(root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    public static List<String> lines(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fenced block of a page, in page order. An unclosed block is an error, naming its line. */
    public static List<Block> blocks(Path page) {
        List<String> lines = lines(page);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError(root().relativize(page) + ":" + (start + 1)
                        + ": code block is never closed (a line of three backticks ends it)");
            }
            String marker = start > 0 ? marker(lines.get(start - 1)).orElse("") : "";
            blocks.add(new Block(page, start + 1, open.group(1), marker,
                    String.join("\n", lines.subList(start + 1, end))));
            i = end;
        }
        return blocks;
    }

    /** Every fenced block of every page. */
    public static List<Block> allBlocks() {
        return pages().stream().flatMap(p -> blocks(p).stream()).toList();
    }

    static Optional<String> marker(String line) {
        Matcher m = MARKER.matcher(line);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The page's text outside code blocks, where prose and links are. Lines in blocks become empty lines. */
    public static List<String> prose(Path page) {
        List<String> lines = new ArrayList<>(lines(page));
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean fence = inBlock ? line.equals("```") : FENCE.matcher(line).matches();
            if (fence || inBlock) {
                lines.set(i, "");
            }
            if (fence) {
                inBlock = !inBlock;
            }
        }
        return lines;
    }
}
