package dev.mayabench.config;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One thing wrong with the configuration: which setting, the value it had, what would have been allowed and
 * how to fix it. {@link ConfigurationException} collects all problems of one configuration so a user fixes
 * them in one go.
 *
 * <pre>{@code
 * new Problem("fio.profile", "randred-4k", "one of randread-4k, randwrite-4k", "did you mean 'randread-4k'?")
 *     .message();
 * // fio.profile = 'randred-4k' is not allowed: expected one of randread-4k, randwrite-4k; did you mean 'randread-4k'?
 * }</pre>
 *
 * @param setting the setting's name as the user wrote it (annotation attribute, YAML key or property)
 * @param value   the offending value as the user wrote it; {@code null} when the setting was missing
 * @param allowed what would have been accepted
 * @param fix     what to do about it (may be empty)
 */
@API(status = API.Status.INTERNAL)
public record Problem(String setting, String value, String allowed, String fix) {

    public Problem {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(allowed, "allowed");
        fix = fix == null ? "" : fix;
    }

    /** The problem as one line a user can act on. */
    public String message() {
        StringBuilder line = new StringBuilder(setting);
        if (value == null) {
            line.append(" is missing");
        } else {
            line.append(" = '").append(value).append("' is not allowed");
        }
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
