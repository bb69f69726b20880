package dev.mayabench.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting that is a duration written as a whole number and a unit ({@code 90s}, {@code 10m}, {@code 4h},
 * {@code 2d}), within bounds: one parser, so every such setting reads and complains alike.
 *
 * <pre>{@code
 * new DurationSetting(Duration.ofSeconds(10), Duration.ofHours(6), "smh", 'm', "why not shorter", "why not longer")
 *         .check("10");   // rejected: did you mean '10m'?
 * }</pre>
 *
 * @param min      the shortest allowed
 * @param max      the longest allowed
 * @param units    the units accepted, from {@code s}, {@code m}, {@code h}, {@code d}, shortest first
 * @param bare     the unit suggested for a number written without one
 * @param tooShort why a shorter one cannot work
 * @param tooLong  why a longer one is refused, and what to do instead
 */
record DurationSetting(Duration min, Duration max, String units, char bare, String tooShort, String tooLong) {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]*)\\s*(s|m|min|h|d)");

    Verdict<Duration> check(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        List<String> names = units.chars().mapToObj(u -> name((char) u)).toList();
        String allowed = "a duration from " + text(min) + " to " + text(max) + " written as "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                + ", e.g. " + examples();
        Matcher m = FORM.matcher(value);
        String unit = m.matches() ? m.group(2).substring(0, 1) : "";
        if (!m.matches() || units.indexOf(unit.charAt(0)) < 0) {
            return Verdict.reject(allowed, value.matches("[0-9]+") ? "did you mean '" + value + bare + "'?"
                    : "write a number followed by " + String.join(", ", units.chars()
                    .mapToObj(u -> String.valueOf((char) u)).toList()).replaceFirst(", (\\w)$", " or $1"));
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (unit) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
        if (duration.compareTo(min) < 0) {
            return Verdict.reject(allowed, tooShort);
        }
        if (duration.compareTo(max) > 0) {
            return Verdict.reject(allowed, tooLong);
        }
        return Verdict.accept(duration);
    }

    /** Whole days, hours, minutes or seconds, the way it is written. */
    static String text(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3_600 == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }

    private String examples() {
        return String.join(", ", units.chars().mapToObj(u -> switch ((char) u) {
            case 's' -> "90s";
            case 'm' -> "90m";
            case 'h' -> "4h";
            default -> "2d";
        }).toList());
    }

    private static String name(char unit) {
        return switch (unit) {
            case 's' -> "seconds";
            case 'm' -> "minutes";
            case 'h' -> "hours";
            default -> "days";
        };
    }
}
