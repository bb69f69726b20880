package dev.mayabench.stage;

import java.time.Duration;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Durations as people read them in logs: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}.
 *
 * <pre>{@code
 * Durations.human(Duration.ofMillis(12_300));  // "12.3 s"
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    /** A latency in the unit that keeps 3 significant digits readable: ns below 1 µs, µs below 1 ms, else ms. */
    public static String latency(Duration d) {
        if (d.toNanos() < 1000) {
            return d.toNanos() + " ns";
        }
        double micros = d.toNanos() / 1000.0;
        return micros < 1000 ? String.format(Locale.ROOT, "%.1f µs", micros)
                : String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }
}
