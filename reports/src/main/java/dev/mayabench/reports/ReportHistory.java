package dev.mayabench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code history/} of the report that is about to be replaced. Allure 2 has no history store of its own: it
 * reads {@code history/} from the results and writes the extended history into the new report, so carrying it
 * from the old report to the new results is what keeps the trend going. With a store outside the build
 * directory (kept by {@link #saveTo}), a {@code mvn clean} that deleted the old report does not end the trend.
 */
final class ReportHistory {

    private static final Pattern BUILD_ORDER = Pattern.compile("\"buildOrder\"\\s*:\\s*(\\d+)");
    private static final Pattern TREND_ENTRY = Pattern.compile("\"data\"\\s*:");

    private final Path history;

    private ReportHistory(Path historyDirectory) {
        this.history = historyDirectory;
    }

    /**
     * The old report's history when it has one, else the store's (after a {@code mvn clean}), else the old
     * report's empty one.
     */
    static ReportHistory of(Path report, Optional<Path> store) {
        if (!Files.isDirectory(report.resolve("history")) && store.isPresent()
                && Files.isRegularFile(store.get().resolve("history-trend.json"))) {
            return new ReportHistory(store.get());
        }
        return new ReportHistory(report.resolve("history"));
    }

    /** Keeps the new report's history in the store, replacing what it held. */
    static void saveTo(Path report, Path store) throws IOException {
        Path fresh = report.resolve("history");
        if (!Files.isDirectory(fresh)) {
            return;
        }
        Files.createDirectories(store);
        try (Stream<Path> listing = Files.list(fresh)) {
            for (Path file : listing.filter(Files::isRegularFile).toList()) {
                Files.copy(file, store.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Copies the old report's history files into {@code results/history}; nothing when there is no old report. */
    void copyInto(Path results) throws IOException {
        if (!Files.isDirectory(history)) {
            return;
        }
        Path target = Files.createDirectories(results.resolve("history"));
        List<Path> files;
        try (Stream<Path> listing = Files.list(history)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * One more than the highest build number in the old trend; for a trend written without build numbers, one
     * more than its number of entries; 1 without an old report.
     */
    long nextBuildOrder() throws IOException {
        Path trend = history.resolve("history-trend.json");
        if (!Files.isRegularFile(trend)) {
            return 1;
        }
        String json = Files.readString(trend, StandardCharsets.UTF_8);
        long highest = 0;
        Matcher order = BUILD_ORDER.matcher(json);
        while (order.find()) {
            highest = Math.max(highest, Long.parseLong(order.group(1)));
        }
        if (highest > 0) {
            return highest + 1;
        }
        return TREND_ENTRY.matcher(json).results().count() + 1;
    }
}
