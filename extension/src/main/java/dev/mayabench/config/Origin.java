package dev.mayabench.config;

import java.util.Objects;

/**
 * Where a setting's value was written, phrased so a user can find it: {@code @MayastorCluster(storageNodes)},
 * {@code key storageNodes in /home/me/mayabench.yaml}, {@code system property mayabench.storageNodes},
 * {@code environment variable MAYABENCH_STORAGE_NODES} or {@code default}.
 *
 * @param kind  which source, in order of precedence (later wins)
 * @param where the place itself, for messages and the report
 */
record Origin(Kind kind, String where) {

    static final Origin DEFAULT = new Origin(Kind.DEFAULT, "default");

    Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(where, "where");
    }

    static Origin annotation(String attribute) {
        return new Origin(Kind.ANNOTATION, "@MayastorCluster(" + attribute + ")");
    }

    static Origin file(String key, String file) {
        return new Origin(Kind.FILE, "key " + key + " in " + file);
    }

    static Origin property(String name) {
        return new Origin(Kind.PROPERTY, "system property " + name);
    }

    static Origin environment(String name) {
        return new Origin(Kind.ENVIRONMENT, "environment variable " + name);
    }

    @Override
    public String toString() {
        return where;
    }

    /** The sources in order of precedence: a later kind overrides an earlier one. */
    enum Kind {
        DEFAULT, ANNOTATION, FILE, PROPERTY, ENVIRONMENT
    }
}
