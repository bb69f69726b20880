package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.config.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands the pages tell a reader to run exist: every {@code mvn ... mayabench:<goal>} is a goal of the
 * Maven plugin, and README.md's test command is the one CI runs.
 */
class CommandsTest {

    /**
     * The goals of {@code dev.mayabench:mayabench-maven-plugin} (goal prefix {@code mayabench}) agreed for issue 15.
     * {@link PluginReferenceTest} compares it with the plugin's {@code @Mojo} names whenever the plugin's sources are
     * in the build.
     */
    static final List<String> MAVEN_PLUGIN_GOALS = List.of("report", "list", "down", "reap", "up", "doctor");

    /** A Maven command line, up to the end of the code span or table cell it is written in. */
    private static final Pattern MAVEN_COMMAND = Pattern.compile("(?:\\bmvn|\\./mvnw)\\s+([^`|]*)");
    private static final Pattern GOAL = Pattern.compile("(?<![\\w.-])mayabench:([\\w-]+)");

    @Test
    void everyMayabenchGoalTheDocsNameIsAGoalOfThePlugin() {
        List<String> unknown = new ArrayList<>();
        int goals = 0;
        for (Path page : Markdown.pages()) {
            List<String> lines = Markdown.lines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher command = MAVEN_COMMAND.matcher(lines.get(i));
                while (command.find()) {
                    Matcher goal = GOAL.matcher(command.group(1));
                    while (goal.find()) {
                        goals++;
                        if (!MAVEN_PLUGIN_GOALS.contains(goal.group(1))) {
                            unknown.add(Markdown.root().relativize(page) + ":" + (i + 1) + ": mayabench:"
                                    + goal.group(1) + " (the plugin's goals: " + MAVEN_PLUGIN_GOALS + ")");
                        }
                    }
                }
            }
        }
        assertThat(goals).as("mayabench:<goal> in Maven commands of the docs").isPositive();
        assertThat(unknown).isEmpty();
    }

    /**
     * Parameters of the plugin's goals that share the {@code mayabench.} prefix but are not settings. The tests'
     * settings loader refuses them, and Surefire hands every {@code -D} of a {@code mvn verify} to the tests, so
     * they belong only on a command that runs no tests.
     */
    static final List<String> PLUGIN_PARAMETERS = List.of("cluster", "olderThan", "dryRun", "workspace", "cloud",
            "includeKept", "chartRepository", "report.results", "report.output", "report.history", "report.skip",
            "report.allureHome", "report.allureVersion");

    /** {@code -Dmayabench.<name>[=<value>]} as written on a page. */
    private static final Pattern PROPERTY = Pattern.compile("-Dmayabench\\.([A-Za-z][A-Za-z.]*+)(?:=([^\\s`|)\\]\"]+))?");
    /** A value that stands for one the reader fills in (NAME, DIR, PATH), or a file of the reader's (x.yaml). */
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z]+|[\\w./~-]+\\.(yaml|yml|conf|json)");

    @Test
    void everyMayabenchPropertyTheDocsPassIsAcceptedWhereItIsPassed() {
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (Path page : Markdown.pages()) {
            List<String> lines = Markdown.lines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher property = PROPERTY.matcher(lines.get(i));
                while (property.find()) {
                    if (property.group(1).endsWith(".")) {
                        continue; // a family of names: -Dmayabench.fio.*
                    }
                    checked++;
                    String where = Markdown.root().relativize(page) + ":" + (i + 1) + ": " + property.group();
                    String name = property.group(1);
                    if (PLUGIN_PARAMETERS.contains(name)) {
                        if (lines.get(i).matches(".*\\bmvn\\b[^`|]*\\b(verify|test)\\b.*")) {
                            refused.add(where + " is a goal parameter, not a setting: on a command that runs tests "
                                    + "Surefire passes it to them and they refuse it");
                        }
                        continue;
                    }
                    String value = property.group(2) == null ? "true" : property.group(2);
                    try {
                        ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench." + name, value), Map.of()));
                    } catch (ConfigurationException e) {
                        // a placeholder (NAME, DIR) cannot be judged; the name itself still must be known
                        if (!PLACEHOLDER.matcher(value).matches() || e.getMessage().contains("a setting mayabench knows")) {
                            refused.add(where + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        assertThat(checked).as("-Dmayabench.* on the pages").isPositive();
        assertThat(refused).isEmpty();
    }

    @Test
    void theGoalParameterTableListsExactlyTheGoalParameters() {
        List<String> documented = new ArrayList<>();
        for (String line : Markdown.prose(Markdown.root().resolve("docs/commands.md"))) {
            Matcher row = Pattern.compile("^\\| `mayabench\\.([A-Za-z.]+)` \\|").matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(PLUGIN_PARAMETERS);
    }

    @Test
    void theReadmeGivesTheTestCommandExactlyAsCiRunsIt() {
        String ci = Markdown.lines(Markdown.root().resolve(".ci/run")).stream()
                .map(String::strip).filter(l -> l.contains("run-tests.sh") && !l.startsWith("#"))
                .findFirst().orElseThrow(() -> new AssertionError(".ci/run does not call run-tests.sh"));

        assertThat(String.join("\n", Markdown.lines(Markdown.root().resolve("README.md"))))
                .contains("`" + ci + "`");
    }

    @Test
    void theReadmeGivesTheConsumersCommandForTestsAndReport() {
        assertThat(String.join("\n", Markdown.lines(Markdown.root().resolve("README.md"))))
                .contains("mvn verify mayabench:report");
    }
}
