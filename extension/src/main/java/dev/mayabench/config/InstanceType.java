package dev.mayabench.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks that an instance type looks like a cloud machine type, {@code family.size} ({@code i3.2xlarge},
 * {@code m5d.metal}, {@code c7i.metal-24xl}), and suggests the intended spelling of an obvious typo. It does not
 * ask the cloud whether the type exists in a region: that needs credentials and is the provider's job.
 */
final class InstanceType {

    // A family has a generation digit (i3, m5d, c6gn, u-6tb1); sizes are the ones EC2 uses.
    private static final Pattern VALID = Pattern.compile(
            "(?=[a-z][a-z0-9-]*[0-9])[a-z][a-z0-9-]*\\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge"
                    + "|metal(-[1-9][0-9]*xl)?)");
    private static final Pattern FAMILY = Pattern.compile("(?=[a-z][a-z0-9-]*[0-9])[a-z][a-z0-9-]*");

    // Common sizes, for suggestions only: what a typo was most likely meant to be.
    private static final List<String> SIZES = List.of("nano", "micro", "small", "medium", "large", "xlarge",
            "2xlarge", "3xlarge", "4xlarge", "6xlarge", "8xlarge", "9xlarge", "10xlarge", "12xlarge", "16xlarge",
            "18xlarge", "24xlarge", "32xlarge", "48xlarge", "metal");

    static final String ALLOWED = "an instance type written family.size, e.g. i3.xlarge, i3.2xlarge, m5.large";

    private InstanceType() {
    }

    /** On azure a VM size ({@link AzureChecks#vmSize}); elsewhere an EC2-style {@code family.size}. */
    static Verdict<String> check(String raw, String provider, boolean storage) {
        if (provider.equals("azure")) {
            return AzureChecks.vmSize(raw, storage);
        }
        if (raw.trim().matches("(?i)(standard|basic)_.+")) {
            return Verdict.reject(ALLOWED, "'" + raw.trim() + "' is an Azure VM size; with provider " + provider
                    + " write an EC2 type such as i3.xlarge, or set provider = azure");
        }
        return check(raw);
    }

    static Verdict<String> check(String raw) {
        String value = raw.trim();
        if (VALID.matcher(value).matches()) {
            return Verdict.accept(value);
        }
        return Verdict.reject(ALLOWED, suggestion(value)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("use the instance type's name as the cloud writes it"));
    }

    private static Optional<String> suggestion(String value) {
        String lower = value.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (VALID.matcher(lower).matches()) {
            return Optional.of(lower);
        }
        // i3-2xlarge, i3_2xlarge, i3,2xlarge, i3..2xlarge: the wrong separator
        String separated = lower.replaceFirst("[-_,:/]+(?=[a-z0-9-]+$)|\\.{2,}", ".");
        if (!separated.equals(lower) && VALID.matcher(separated).matches()) {
            return Optional.of(separated);
        }
        int dot = lower.indexOf('.');
        if (dot < 0) {
            // i32xlarge: a missing dot; the longest size that ends the value is the likeliest reading
            return SIZES.stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .filter(size -> lower.endsWith(size) && lower.length() > size.length())
                    .map(size -> lower.substring(0, lower.length() - size.length()) + "." + size)
                    .filter(candidate -> VALID.matcher(candidate).matches())
                    .findFirst();
        }
        String family = lower.substring(0, dot);
        String size = lower.substring(dot + 1);
        if (!FAMILY.matcher(family).matches()) {
            return Optional.empty();
        }
        return Suggestions.closest(size, SIZES).map(s -> family + "." + s);
    }
}
