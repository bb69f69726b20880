package dev.mayabench.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether a results directory holds test results, by the rule AllureReport uses ({@code *-result.json}). */
final class AllureReportResults {

    private AllureReportResults() {
    }

    static boolean present(Path results) {
        if (!Files.isDirectory(results)) {
            return false;
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-result.json"));
        } catch (IOException e) {
            // let AllureReport try and say what is wrong
            return true;
        }
    }
}
