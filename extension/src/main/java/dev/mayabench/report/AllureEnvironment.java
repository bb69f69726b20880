package dev.mayabench.report;

import io.qameta.allure.util.PropertiesUtils;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The report's "Environment" widget: {@code environment.properties} in the Allure results directory. Several
 * clusters in one run add to the same file; a key another cluster already wrote with a different value is
 * kept apart by naming the cluster.
 *
 * <pre>{@code
 * AllureEnvironment.resultsDirectory();  // target/allure-results, from allure.properties
 * AllureEnvironment.record("demo", Map.of("provider", "local", "fio", "fio-3.33"));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AllureEnvironment {

    static final String FILE = "environment.properties";

    private AllureEnvironment() {
    }

    /** Where Allure writes results: {@code allure.results.directory} from allure.properties or system properties. */
    public static Path resultsDirectory() {
        return Path.of(PropertiesUtils.loadAllureProperties()
                .getProperty("allure.results.directory", "allure-results"));
    }

    /** Adds one cluster's facts to {@code environment.properties} in the results directory. */
    public static synchronized void record(String cluster, Map<String, String> facts) {
        record(resultsDirectory(), cluster, facts);
    }

    static synchronized void record(Path resultsDirectory, String cluster, Map<String, String> facts) {
        Path file = resultsDirectory.resolve(FILE);
        Properties properties = new Properties();
        try {
            Files.createDirectories(resultsDirectory);
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(in);
                }
            }
            facts.forEach((key, value) -> {
                String existing = properties.getProperty(key);
                if (existing == null || existing.equals(value)) {
                    properties.setProperty(key, value);
                } else {
                    properties.setProperty(key + " [" + cluster + "]", value);
                }
            });
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                // sorted, so the widget lists the same facts in the same order every run
                for (Map.Entry<String, String> e : new TreeMap<>(toMap(properties)).entrySet()) {
                    out.write(escape(e.getKey(), true) + "=" + escape(e.getValue(), false) + System.lineSeparator());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Allure environment " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    /** Escapes as {@link Properties#store} would, without its date comment (which changes every run). */
    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
