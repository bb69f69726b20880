package dev.mayabench.config;

import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Where {@link ClusterSpec#load} reads settings from, other than the annotation: the {@code mayabench.*}
 * system properties, the {@code MAYABENCH_*} environment variables and a {@code mayabench.yaml} found on the
 * classpath. An explicit {@code mayabench.config} (property or variable) names the YAML file instead of the
 * classpath one; it is resolved when the spec is loaded, so a missing file is reported like any other problem.
 *
 * <p>A value rather than static look-ups, so tests can hand in exactly the environment they mean:
 *
 * <pre>{@code
 * ClusterSpec.load(null, ConfigSources.current());                       // the real JVM
 * ClusterSpec.load(null, ConfigSources.of(
 *         Map.of("mayabench.storageNodes", "5"),                         // system properties
 *         Map.of("MAYABENCH_PROVIDER", "aws")));                         // environment
 * }</pre>
 *
 * @param systemProperties the {@code mayabench.*} system properties (others are ignored)
 * @param environment      the {@code MAYABENCH_*} environment variables (others are ignored)
 * @param classpathFile    a {@code mayabench.yaml} resource, used when no {@code mayabench.config} is given
 */
@API(status = API.Status.INTERNAL)
public record ConfigSources(Map<String, String> systemProperties, Map<String, String> environment,
                            Optional<URL> classpathFile) {

    /** The name of the YAML file looked up on the classpath. */
    public static final String FILE_NAME = "mayabench.yaml";

    static final String PROPERTY_PREFIX = "mayabench.";
    static final String ENVIRONMENT_PREFIX = "MAYABENCH_";

    public ConfigSources {
        systemProperties = relevant(Objects.requireNonNull(systemProperties, "systemProperties"), false);
        environment = relevant(Objects.requireNonNull(environment, "environment"), true);
        Objects.requireNonNull(classpathFile, "classpathFile");
    }

    /**
     * The running JVM's system properties and environment, and {@code mayabench.yaml} from the thread's context
     * class loader (the test classpath under Surefire and in IDEs), else from mayabench's own class loader.
     */
    public static ConfigSources current() {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> properties.put(name, System.getProperty(name)));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ConfigSources.class.getClassLoader();
        }
        return new ConfigSources(properties, System.getenv(), Optional.ofNullable(loader.getResource(FILE_NAME)));
    }

    /** Only these properties and variables; no classpath file. */
    public static ConfigSources of(Map<String, String> systemProperties, Map<String, String> environment) {
        return new ConfigSources(systemProperties, environment, Optional.empty());
    }

    /** Nothing at all: every setting takes its annotation value or default. */
    public static ConfigSources none() {
        return of(Map.of(), Map.of());
    }

    /** The same sources with {@code url} as the classpath's {@code mayabench.yaml}. */
    public ConfigSources withClasspathFile(URL url) {
        return new ConfigSources(systemProperties, environment, Optional.of(url));
    }

    // Keeps the record small and its toString readable: the JVM has dozens of unrelated properties, and
    // unrelated variables may hold secrets that have no business in an error message or a log line.
    private static Map<String, String> relevant(Map<String, String> all, boolean environment) {
        Map<String, String> kept = new TreeMap<>();
        all.forEach((name, value) -> {
            boolean ours = environment
                    ? name.toUpperCase(Locale.ROOT).startsWith(ENVIRONMENT_PREFIX)
                    : name.startsWith(PROPERTY_PREFIX);
            if (ours && value != null) {
                kept.put(name, value);
            }
        });
        return Collections.unmodifiableMap(kept);
    }
}
