package dev.mayabench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Allure's {@code executor.json}: who ran the build and its number. Allure labels the trend's points and the
 * overview's "Executor" widget with it; without it the trend's runs are unnumbered. Written for local and
 * Maven runs; a CI plugin that makes its own report from the same results writes its own file.
 *
 * @param buildOrder the run's number in the trend
 */
record Executor(String name, String type, long buildOrder, String buildName, String reportName) {

    static Executor localRun(long buildOrder) {
        return new Executor("Maven", "maven", buildOrder, "mayabench #" + buildOrder, "mayabench");
    }

    void writeInto(Path results) throws IOException {
        String json = "{\n"
                + "  \"name\": " + quote(name) + ",\n"
                + "  \"type\": " + quote(type) + ",\n"
                + "  \"buildOrder\": " + buildOrder + ",\n"
                + "  \"buildName\": " + quote(buildName) + ",\n"
                + "  \"reportName\": " + quote(reportName) + "\n"
                + "}\n";
        Files.writeString(results.resolve("executor.json"), json, StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
