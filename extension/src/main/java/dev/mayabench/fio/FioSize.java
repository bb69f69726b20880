package dev.mayabench.fio;

import dev.mayabench.config.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count in fio's notation ({@code 4k}, {@code 128KiB}, {@code 1g}). Parsed strictly: fio itself reads
 * {@code 4q} as 4 bytes and {@code 1.5k} as 1 byte without a word, which would silently turn a typo into a
 * different benchmark, so anything fio would not read as the user meant is rejected here.
 *
 * <p>Units follow fio's default {@code kb_base=1024}: {@code k}, {@code kb}, {@code K} mean 1024, while the IEC
 * spellings {@code KiB} mean 1000 ("opposite units", which fio keeps for old scripts); with
 * {@code kb_base=1000} it is the other way round.
 */
final class FioSize {

    static final String ALLOWED = "a fio size like 4k, 128k, 1m, 10g (a whole number, units k, m, g, t, p; "
            + "optional i/b as in 4KiB, 4kb)";

    static final List<String> UNITS = List.of("k", "m", "g", "t", "p");

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([kmgtp](?:ib|b)?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_AND_REST = Pattern.compile("(\\d+)(?:\\.(\\d+))?\\s*([a-z]*)",
            Pattern.CASE_INSENSITIVE);

    private FioSize() {
    }

    /** The size in bytes, or empty when {@code text} is not a plain fio size (percentages, variables, typos). */
    static OptionalLong bytes(String text, int kbBase) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooBig) {
            return OptionalLong.empty();
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            return OptionalLong.of(number);
        }
        int power = UNITS.indexOf(unit.substring(0, 1)) + 1;
        boolean iec = unit.endsWith("ib");
        // fio's compatibility rule: with kb_base=1024 the IEC spelling means powers of 1000, and vice versa
        long base = kbBase == 1000 ? (iec ? 1024 : 1000) : (iec ? 1000 : 1024);
        long bytes = number;
        for (int i = 0; i < power; i++) {
            if (bytes > Long.MAX_VALUE / base) {
                return OptionalLong.empty();
            }
            bytes *= base;
        }
        return OptionalLong.of(bytes);
    }

    static OptionalLong bytes(String text) {
        return bytes(text, 1024);
    }

    /** A corrected spelling for a near miss ({@code 4q} -> {@code 4k}, {@code 1.5m} -> {@code 1536k}). */
    static Optional<String> suggestion(String text) {
        Matcher m = NUMBER_AND_REST.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String whole = m.group(1);
        String fraction = m.group(2);
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        if (fraction != null) {
            int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit.substring(0, 1)) + 1;
            if (power <= 0) {
                return Optional.empty();
            }
            double inSmallerUnit = Double.parseDouble(whole + "." + fraction) * 1024;
            if (inSmallerUnit != Math.rint(inSmallerUnit)) {
                return Optional.empty();
            }
            String smallerUnit = power == 1 ? "" : UNITS.get(power - 2);
            return Optional.of((long) inSmallerUnit + smallerUnit);
        }
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        return Suggestions.closest(unit.substring(0, 1), UNITS).map(u -> whole + u);
    }
}
