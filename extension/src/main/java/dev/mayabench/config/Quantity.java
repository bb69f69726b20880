package dev.mayabench.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity used as a volume size ({@code 10Gi}, {@code 500Mi}, {@code 20G}): checked
 * here, with the grammar Kubernetes accepts, so a typo is reported before any machine is started rather than
 * by the API server when the PVC is created.
 */
final class Quantity {

    private static final Pattern VALID = Pattern.compile(
            "([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][0-9]+)?");
    private static final Pattern LOOSE = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([A-Za-z]*)");

    private static final Map<String, BigDecimal> MULTIPLIERS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    // Users write sizes the way disks are sold (GB) or in lower case; Kubernetes wants Gi or G.
    private static final Map<String, String> SPELLINGS = Map.ofEntries(
            Map.entry("k", "Ki"), Map.entry("kb", "Ki"), Map.entry("ki", "Ki"), Map.entry("kib", "Ki"),
            Map.entry("m", "Mi"), Map.entry("mb", "Mi"), Map.entry("mi", "Mi"), Map.entry("mib", "Mi"),
            Map.entry("g", "Gi"), Map.entry("gb", "Gi"), Map.entry("gi", "Gi"), Map.entry("gib", "Gi"),
            Map.entry("t", "Ti"), Map.entry("tb", "Ti"), Map.entry("ti", "Ti"), Map.entry("tib", "Ti"),
            Map.entry("p", "Pi"), Map.entry("pb", "Pi"), Map.entry("pi", "Pi"), Map.entry("pib", "Pi"));

    /** The smallest volume worth benchmarking; below it fio measures caches, not storage. */
    static final long MINIMUM_BYTES = 1L << 20;

    static final String ALLOWED = "a Kubernetes quantity of at least 1Mi, e.g. 10Gi, 500Mi or 20G "
            + "(Ki/Mi/Gi/Ti are powers of 1024, k/M/G/T powers of 1000)";

    private Quantity() {
    }

    static Verdict<String> check(String raw) {
        String value = raw.trim();
        Matcher valid = VALID.matcher(value);
        if (!valid.matches()) {
            return Verdict.reject(ALLOWED, suggestion(value)
                    .map(s -> "did you mean '" + s + "'?")
                    .orElse("write a number followed by a unit such as Gi"));
        }
        Optional<BigDecimal> bytes = bytes(valid.group(1), valid.group(2) == null ? "" : valid.group(2));
        if (bytes.isEmpty() || bytes.get().compareTo(BigDecimal.valueOf(MINIMUM_BYTES)) < 0) {
            return Verdict.reject(ALLOWED, "'" + value + "' is less than 1Mi; did you forget the unit, as in '"
                    + valid.group(1) + "Gi'?");
        }
        return Verdict.accept(value);
    }

    private static Optional<BigDecimal> bytes(String number, String suffix) {
        if (suffix.startsWith("e") || (suffix.startsWith("E") && suffix.length() > 1)) {
            return Optional.of(new BigDecimal(number).scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
        }
        BigDecimal multiplier = MULTIPLIERS.get(suffix);
        return multiplier == null ? Optional.empty() : Optional.of(new BigDecimal(number).multiply(multiplier));
    }

    private static Optional<String> suggestion(String value) {
        Matcher loose = LOOSE.matcher(value);
        if (!loose.matches()) {
            return Optional.empty();
        }
        String unit = SPELLINGS.get(loose.group(2).toLowerCase(Locale.ROOT));
        return unit == null ? Optional.empty() : Optional.of(loose.group(1) + unit);
    }
}
