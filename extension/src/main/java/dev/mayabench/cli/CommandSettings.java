package dev.mayabench.cli;

import dev.mayabench.config.ConfigSources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings sources of {@code up}, {@code prepare} and {@code doctor}: {@link ConfigSources#current()} without
 * the Maven plugin's own parameters. {@code mvn mayabench:doctor -Dmayabench.cluster=demo} makes
 * {@code mayabench.cluster} a system property of Maven's JVM, where the command runs; the settings loader would
 * report it as an unknown setting ("did you mean mayabench.name?") and stop the goal it belongs to.
 */
final class CommandSettings {

    /**
     * The user properties of the mayabench-maven-plugin's command goals (dev.mayabench.maven, their @Parameter
     * names) that are not settings; mayabench.dryRun etc. Not mayabench.skip: that is a setting (stages to skip).
     */
    static final List<String> PLUGIN_PROPERTIES = List.of("mayabench.cluster", "mayabench.workspace",
            "mayabench.olderThan", "mayabench.dryRun", "mayabench.includeKept", "mayabench.cloud",
            "mayabench.chartRepository");
    /** The report goal's parameters: mayabench.report.skip etc., when given in the same mvn command. */
    static final String PLUGIN_REPORT_PREFIX = "mayabench.report.";

    private CommandSettings() {
    }

    static ConfigSources current() {
        ConfigSources current = ConfigSources.current();
        Map<String, String> properties = new LinkedHashMap<>(current.systemProperties());
        PLUGIN_PROPERTIES.forEach(properties::remove);
        properties.keySet().removeIf(name -> name.startsWith(PLUGIN_REPORT_PREFIX));
        return new ConfigSources(properties, current.environment(), current.classpathFile());
    }
}
