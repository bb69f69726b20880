package dev.mayabench.kube;

/**
 * One look at what a {@link Wait} waits for: done (with the value), still waiting (with what was seen), or
 * broken for good (a pod that failed), which ends the wait at once instead of at its deadline.
 */
sealed interface Poll<T> {

    static <T> Poll<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Poll<T> waiting(String seen) {
        return new Waiting<>(seen);
    }

    static <T> Poll<T> broken(String why) {
        return new Broken<>(why);
    }

    record Done<T>(T value) implements Poll<T> {
    }

    record Waiting<T>(String seen) implements Poll<T> {
    }

    record Broken<T>(String why) implements Poll<T> {
    }
}
