package dev.mayabench.config;

/**
 * The outcome of checking one raw value: the typed value, or what would have been allowed and how to fix it.
 * The caller adds the setting and origin, so a check does not need to know where its input came from.
 *
 * @param value   the accepted value; {@code null} when rejected
 * @param allowed what would have been accepted (rejections only)
 * @param fix     how to fix it, e.g. a did-you-mean (rejections only; may be empty)
 */
record Verdict<T>(T value, String allowed, String fix) {

    static <T> Verdict<T> accept(T value) {
        return new Verdict<>(value, null, null);
    }

    static <T> Verdict<T> reject(String allowed, String fix) {
        return new Verdict<>(null, allowed, fix == null ? "" : fix);
    }

    boolean accepted() {
        return allowed == null;
    }
}
