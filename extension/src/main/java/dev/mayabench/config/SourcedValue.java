package dev.mayabench.config;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A raw setting value together with where it came from, so an error can point at the exact annotation
 * attribute, YAML key, system property or environment variable the user has to change.
 *
 * <pre>{@code
 * new SourcedValue("4q", "@Fio(bs) on LocalDiskBenchmark#randomRead");
 * }</pre>
 *
 * @param value  the value as written
 * @param origin where it was written, phrased for a user ("system property mayabench.fio.runtime")
 */
@API(status = API.Status.INTERNAL)
public record SourcedValue(String value, String origin) {

    public SourcedValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }
}
