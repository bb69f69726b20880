package dev.mayabench.fio;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in fio's time notation, as {@code runtime} and {@code ramp_time} take it: a whole number with an
 * optional unit {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}; a plain number means
 * seconds. Parsed strictly because fio reads {@code 10min} and {@code 10sec} as 10 <em>microseconds</em> and
 * {@code 1.5s} as one second, without a warning.
 */
final class FioTime {

    static final String ALLOWED = "a fio time like 30s, 2m, 1h (a whole number; a plain number means seconds; "
            + "units us, ms, s, m, h, d)";

    private static final Pattern TIME = Pattern.compile("(\\d{1,12})(us|ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_AND_REST = Pattern.compile("(\\d+)(?:\\.(\\d+))?\\s*([a-z]*)",
            Pattern.CASE_INSENSITIVE);

    /** Spellings people write that fio does not understand, and what fio calls them. */
    private static final Map<String, String> SPELLINGS = Map.ofEntries(
            Map.entry("usec", "us"), Map.entry("usecs", "us"), Map.entry("msec", "ms"), Map.entry("msecs", "ms"),
            Map.entry("sec", "s"), Map.entry("secs", "s"), Map.entry("second", "s"), Map.entry("seconds", "s"),
            Map.entry("min", "m"), Map.entry("mins", "m"), Map.entry("minute", "m"), Map.entry("minutes", "m"),
            Map.entry("hr", "h"), Map.entry("hrs", "h"), Map.entry("hour", "h"), Map.entry("hours", "h"),
            Map.entry("day", "d"), Map.entry("days", "d"));

    private FioTime() {
    }

    /** The duration, or empty when {@code text} is not a plain fio time. */
    static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TIME.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return Optional.of(switch (unit) {
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        });
    }

    /** A corrected spelling for a near miss ({@code 10min} -> {@code 10m}, {@code 1.5s} -> {@code 1500ms}). */
    static Optional<String> suggestion(String text) {
        Matcher m = NUMBER_AND_REST.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String whole = m.group(1);
        String fraction = m.group(2);
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        String fioUnit = unit.isEmpty() ? "s" : SPELLINGS.getOrDefault(unit, unit);
        if (fraction != null) {
            Duration exact;
            try {
                double value = Double.parseDouble(whole + "." + fraction);
                exact = switch (fioUnit) {
                    case "ms" -> Duration.ofNanos(Math.round(value * 1e6));
                    case "s" -> Duration.ofNanos(Math.round(value * 1e9));
                    case "m" -> Duration.ofNanos(Math.round(value * 60e9));
                    case "h" -> Duration.ofNanos(Math.round(value * 3600e9));
                    case "d" -> Duration.ofNanos(Math.round(value * 86400e9));
                    default -> null;
                };
            } catch (ArithmeticException tooBig) {
                return Optional.empty();
            }
            return Optional.ofNullable(exact).map(FioTime::format);
        }
        if (!fioUnit.equals(unit) || m.group(0).contains(" ")) {
            return Optional.of(whole + fioUnit);
        }
        return Optional.empty();
    }

    /** The shortest exact fio spelling of {@code d}: {@code 90s} for 1.5 minutes, {@code 1500ms}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        long[] factors = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] units = {"d", "h", "m", "s", "ms", "us"};
        for (int i = 0; i < factors.length; i++) {
            if (nanos % factors[i] == 0) {
                return nanos / factors[i] + units[i];
            }
        }
        return Math.max(1, nanos / 1000) + "us";
    }
}
