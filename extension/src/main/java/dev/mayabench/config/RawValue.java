package dev.mayabench.config;

import java.util.List;
import java.util.Objects;

/**
 * One setting as a source wrote it, before it is checked: a single value, a list (YAML sequences, for
 * {@code skip}) or a mapping where a value was expected. Keeping the shape lets the checks say "a list where
 * a single value is expected" instead of failing on a conversion.
 *
 * @param key    the canonical key ({@code storageNodes}, {@code fio.runtime}) the value is for
 * @param shape  what the source wrote
 * @param text   the value (single values) or a rendering of the list or mapping, for messages
 * @param items  the elements of a list; empty otherwise
 * @param origin where it was written
 */
record RawValue(String key, Shape shape, String text, List<String> items, Origin origin) {

    RawValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(text, "text");
        items = List.copyOf(items);
        Objects.requireNonNull(origin, "origin");
    }

    static RawValue single(String key, String text, Origin origin) {
        return new RawValue(key, Shape.SINGLE, text, List.of(), origin);
    }

    static RawValue list(String key, List<String> items, Origin origin) {
        return new RawValue(key, Shape.LIST, "[" + String.join(", ", items) + "]", items, origin);
    }

    static RawValue mapping(String key, String rendering, Origin origin) {
        return new RawValue(key, Shape.MAPPING, rendering, List.of(), origin);
    }

    /** The values a source wrote for {@code skip}-like settings: list elements, or a comma-separated value. */
    List<String> elements() {
        List<String> written = shape == Shape.LIST ? items : List.of(text.split("[,\\s]+"));
        return written.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    enum Shape {
        SINGLE, LIST, MAPPING
    }
}
