package dev.mayabench.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads ages as people write them: {@code 90m}, {@code 2h}, {@code 1d}. */
final class AgeConverter implements ITypeConverter<Duration> {

    private static final Pattern AGE = Pattern.compile("([0-9]+)\\s*(m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = AGE.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not an age; write a number and m, h or d, e.g. 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
