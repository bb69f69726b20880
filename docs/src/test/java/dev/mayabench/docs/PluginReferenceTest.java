package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The goals and parameters the pages name are the Maven plugin's, read from its sources ({@code @Mojo(name = ...)},
 * {@code @Parameter(property = ...)}) so the check needs no built plugin.
 */
class PluginReferenceTest {

    private static final Pattern MOJO = Pattern.compile("@Mojo\\(\\s*name\\s*=\\s*\"([\\w-]+)\"");
    private static final Pattern PARAMETER = Pattern.compile("@Parameter\\([^)]*property\\s*=\\s*\"mayabench\\.([\\w.]+)\"");

    static Path pluginSources() {
        String configured = System.getProperty("docs.plugin.sources");
        return configured != null ? Path.of(configured)
                : Markdown.root().resolve("maven-plugin/src/main/java/dev/mayabench/maven");
    }

    static List<String> found(Pattern pattern) {
        Path sources = pluginSources();
        // the plugin is part of this build: a missing directory is a moved plugin, not a reason to skip
        assertThat(sources).as("the Maven plugin's sources").isDirectory();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    if (!names.contains(m.group(1))) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    @Test
    void theGoalsTheDocsCheckAgainstAreThePluginsGoals() {
        assertThat(found(MOJO)).containsExactlyInAnyOrderElementsOf(CommandsTest.MAVEN_PLUGIN_GOALS);
    }

    @Test
    void everyPluginParameterIsDocumentedAsAGoalParameterOrIsASetting() {
        List<String> undocumented = new ArrayList<>();
        for (String parameter : found(PARAMETER)) {
            if (CommandsTest.PLUGIN_PARAMETERS.contains(parameter)) {
                continue;
            }
            try {
                ClusterSpec.load(null, ConfigSources.of(Map.of("mayabench." + parameter, "x"), Map.of()));
            } catch (ConfigurationException e) {
                if (e.getMessage().contains("a setting mayabench knows")) {
                    undocumented.add("mayabench." + parameter);
                }
            }
        }
        assertThat(undocumented).as("plugin parameters neither in docs/commands.md's goal parameters nor settings")
                .isEmpty();
    }
}
