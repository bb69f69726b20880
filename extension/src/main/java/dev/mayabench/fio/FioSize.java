package dev.mayabench.fio;

import dev.mayabench.config.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte count ({@code 4k}, {@code 128KiB}, {@code 1g}). Parsed strictly: fio itself reads {@code 4q} as 4 bytes
 * and {@code 1.5k} as 1 byte without a word, which would silently turn a typo into a different benchmark, so
 * anything that is not a plain size is rejected here.
 *
 * <p>Two readings are kept apart. {@link #bytes(String, int)} is how <em>fio</em> reads a value in a job file:
 * with its default {@code kb_base=1024}, {@code k}, {@code kb}, {@code K} mean 1024, while the IEC spellings
 * {@code KiB} mean 1000 ("opposite units", which fio keeps for old scripts); with {@code kb_base=1000} it is the
 * other way round (fio's {@code parse.c}, {@code __get_mult_bytes}; HOWTO, {@code kb_base}). {@link #meant(String)}
 * is how a <em>person</em> reads a mayabench setting: every unit is a power of 1024, so {@code 4KiB} is 4096 bytes
 * like {@code 4k}; {@link #forFio(String, boolean)} then writes it in a spelling fio reads the same way.
 */
final class FioSize {

    static final String ALLOWED = "a size like 4k, 128k, 1m, 10g or 4KiB, 1GiB (a whole number of bytes, or with a "
            + "unit k, m, g, t, p, also written kb or KiB; every unit is a power of 1024: 4k = 4KiB = 4096 bytes)";

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

    /**
     * The bytes a person means by a mayabench size setting: every unit a power of 1024, whether written
     * {@code 4k}, {@code 4kb} or {@code 4KiB}. Empty when it is not a plain size.
     */
    static OptionalLong meant(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        // with kb_base=1000 fio reads the IEC spellings as powers of 1024, and k, kb as powers of 1000: so read
        // every unit as IEC under that base, which is 1024 for all of them
        String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1) + "ib";
        return bytes(m.group(1) + unit, 1000);
    }

    /**
     * {@code text} (a size a person wrote, see {@link #meant(String)}) spelled so fio reads the same number of
     * bytes: {@code 4KiB} becomes {@code 4k}, which fio with its default {@code kb_base=1024} reads as 4096 (it
     * would read {@code 4KiB} as 4000). With {@code exactBytes} (for a job file that sets {@code kb_base}, where
     * {@code 4k} may mean 4000) it becomes the plain byte count {@code 4096}, which every {@code kb_base} reads
     * alike.
     *
     * @throws IllegalArgumentException when {@code text} is not a plain size
     */
    static String forFio(String text, boolean exactBytes) {
        OptionalLong bytes = meant(text);
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        if (exactBytes) {
            return Long.toString(bytes.getAsLong());
        }
        Matcher m = SIZE.matcher(text.trim());
        m.matches();
        if (m.group(2) == null || !m.group(2).toLowerCase(Locale.ROOT).endsWith("ib")) {
            return text.trim(); // 4k, 8K, 4kb: fio already reads them as powers of 1024
        }
        return m.group(1) + m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
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
