package dev.mayabench.config;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One thing wrong with the configuration: which setting, the value it had, where that value was written, what
 * would have been allowed and how to fix it. {@link ConfigurationException} collects all problems of one
 * configuration so a user fixes them in one go.
 *
 * <pre>{@code
 * new Problem("fio.profile", "randred-4k", "one of randread-4k, randwrite-4k", "did you mean 'randread-4k'?")
 *     .message();
 * // fio.profile = 'randred-4k' is not allowed: expected one of randread-4k, randwrite-4k; did you mean 'randread-4k'?
 *
 * new Problem("storageNodes", "-3", "a whole number from 1 to 100", "", "system property mayabench.storageNodes")
 *     .message();
 * // storageNodes = '-3' (from system property mayabench.storageNodes) is not allowed: expected a whole number ...
 * }</pre>
 *
 * @param setting the setting's name as the user wrote it (annotation attribute, YAML key or property)
 * @param value   the offending value as the user wrote it; {@code null} when the setting was missing
 * @param allowed what would have been accepted
 * @param fix     what to do about it (may be empty)
 * @param origin  where the value was written, phrased for a user ("system property mayabench.storageNodes");
 *                empty when the problem is not tied to one place
 */
@API(status = API.Status.INTERNAL)
public record Problem(String setting, String value, String allowed, String fix, String origin) {

    public Problem {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(allowed, "allowed");
        fix = fix == null ? "" : fix;
        origin = origin == null ? "" : origin;
    }

    /** A problem that is not tied to one place (a cross-check, or a value whose origin is obvious). */
    public Problem(String setting, String value, String allowed, String fix) {
        this(setting, value, allowed, fix, "");
    }

    /** The problem as one line a user can act on. */
    public String message() {
        StringBuilder line = new StringBuilder(setting);
        if (value != null) {
            line.append(" = '").append(value).append('\'');
        }
        if (!origin.isBlank()) {
            line.append(" (from ").append(origin).append(')');
        }
        line.append(value == null ? " is missing" : " is not allowed");
        line.append(": expected ").append(allowed);
        if (!fix.isBlank()) {
            line.append("; ").append(fix);
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
