package dev.mayabench.internal.log;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What mayabench prints on the console itself when the test classpath has no SLF4J provider
 * ({@code mayabench.console}, or the environment variable {@code MAYABENCH_CONSOLE}; the property wins):
 * <ul>
 *   <li>{@code auto} (default) and {@code info}: warnings, errors and progress (stage start and end, waits,
 *       fio runs, reuse and teardown decisions);</li>
 *   <li>{@code warn}: warnings and errors only;</li>
 *   <li>{@code off}: nothing.</li>
 * </ul>
 * With a provider (slf4j-simple, Logback, ...) mayabench logs through SLF4J only, whatever this says, so no line
 * appears twice; the provider's own configuration decides what shows.
 *
 * <pre>{@code
 * mvn verify -Dmayabench.console=warn
 * ConsoleMode.current();   // WARN; a value such as "loud" is a ConfigurationException naming the setting
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public enum ConsoleMode {
    AUTO, OFF, WARN, INFO;

    /** The system property that sets the mode. */
    public static final String PROPERTY = "mayabench.console";
    /** The environment variable that sets the mode when the property is not set. */
    public static final String VARIABLE = "MAYABENCH_CONSOLE";

    private static final List<String> NAMES = Arrays.stream(values()).map(ConsoleMode::spelling).toList();

    /** The mode set now; a bad value is a {@link ConfigurationException} (what is allowed, how to fix it). */
    public static ConsoleMode current() {
        return parse(System.getProperty(PROPERTY), System.getenv(VARIABLE));
    }

    /**
     * The mode for a log line: as {@link #current()}, but a bad value counts as {@code auto}, because a log call
     * must not fail a run; the bad value itself fails the test class in {@code MayabenchExtension.beforeAll}.
     */
    static ConsoleMode forLogging() {
        try {
            return current();
        } catch (ConfigurationException e) {
            return AUTO;
        }
    }

    /** The mode from the property (wins when set) or the variable; {@code auto} when neither is set. */
    static ConsoleMode parse(String property, String variable) {
        boolean fromProperty = property != null && !property.isBlank();
        String raw = fromProperty ? property : variable;
        if (raw == null || raw.isBlank()) {
            return AUTO;
        }
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        for (ConsoleMode mode : values()) {
            if (mode.spelling().equals(wanted)) {
                return mode;
            }
        }
        String example = "-D" + PROPERTY + "=" + Suggestions.closest(wanted, NAMES).orElse("warn");
        String fix = Suggestions.closest(wanted, NAMES).map(s -> "did you mean '" + s + "'? write e.g. " + example)
                .orElse("write e.g. " + example);
        throw new ConfigurationException(new Problem("console", raw, "one of " + String.join(", ", NAMES)
                + " (what mayabench prints itself when no SLF4J provider is on the classpath)", fix,
                fromProperty ? "system property " + PROPERTY : "environment variable " + VARIABLE));
    }

    /** Whether a line of this level is printed on the console in this mode (when there is no provider). */
    boolean prints(org.slf4j.event.Level level) {
        return switch (this) {
            case OFF -> false;
            case WARN -> level.toInt() >= org.slf4j.event.Level.WARN.toInt();
            case AUTO, INFO -> level.toInt() >= org.slf4j.event.Level.INFO.toInt();
        };
    }

    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
