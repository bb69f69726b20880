package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each page under docs/ opens with a title and then says what its reader can do after reading it. */
class PagesTest {

    static final String OPENING = "After reading this page you ";

    @Test
    void everyPageStartsWithATitleAndWhatTheReaderCanDoAfterReadingIt() {
        List<String> wrong = new ArrayList<>();
        for (Path page : Markdown.pages().subList(1, Markdown.pages().size())) {
            List<String> text = Markdown.lines(page).stream().filter(l -> !l.isBlank()).limit(2).toList();
            if (text.size() < 2 || !text.get(0).startsWith("# ") || !text.get(1).startsWith(OPENING)) {
                wrong.add(Markdown.root().relativize(page) + ": starts with " + text);
            }
        }
        assertThat(Markdown.pages()).hasSizeGreaterThan(1);
        assertThat(wrong).as("pages that do not start with '# Title' then '%s...'", OPENING).isEmpty();
    }
}
