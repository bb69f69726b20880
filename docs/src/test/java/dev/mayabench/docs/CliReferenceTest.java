package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.cli.Mayabench;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The command table of docs/commands.md lists exactly the subcommands of {@code mayabench}. */
class CliReferenceTest {

    /** {@code java ... -jar mayabench-cli.jar <command>} or {@code $ mayabench <command>} in a code block. */
    private static final Pattern INVOCATION = Pattern.compile("(?:-jar mayabench-cli\\.jar|^\\$ mayabench) +([a-z][a-z-]*)");
    private static final Pattern ROW = Pattern.compile("^\\| `mayabench ([a-z-]+)[ `]");

    @Test
    void theCommandTableListsExactlyTheSubcommandsOfTheMayabenchCommand() {
        List<String> subcommands = Arrays.stream(Mayabench.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name()).toList();
        List<String> documented = new ArrayList<>();
        for (String line : Markdown.prose(Markdown.root().resolve("docs/commands.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }

        assertThat(subcommands).isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(subcommands);
    }

    @Test
    void everyCommandLineTheBlocksShowNamesASubcommand() {
        List<String> subcommands = Arrays.stream(Mayabench.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name()).toList();
        List<String> unknown = new ArrayList<>();
        int shown = 0;
        for (Markdown.Block block : Markdown.allBlocks()) {
            for (String line : block.text().lines().toList()) {
                Matcher invocation = INVOCATION.matcher(line.strip());
                if (invocation.find()) {
                    shown++;
                    if (!subcommands.contains(invocation.group(1))) {
                        unknown.add(block.where() + ": mayabench " + invocation.group(1) + " (the subcommands: "
                                + subcommands + ")");
                    }
                }
            }
        }
        assertThat(shown).as("command lines shown").isPositive();
        assertThat(unknown).isEmpty();
    }
}
