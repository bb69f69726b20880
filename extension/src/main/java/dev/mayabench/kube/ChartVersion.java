package dev.mayabench.kube;

/**
 * A chart version as semantic versioning orders it (https://semver.org/#spec-item-11): numbers compare as
 * numbers, and a pre-release ({@code 2.11.0-rc.1}) comes before its release. Only what Mayastor's versions need:
 * three numbers and an optional pre-release label compared as text.
 *
 * <pre>{@code
 * ChartVersion.parse("2.11.0").isAfter(ChartVersion.parse("2.11.0-rc.1"));   // true
 * }</pre>
 */
record ChartVersion(int major, int minor, int patch, String preRelease) implements Comparable<ChartVersion> {

    static ChartVersion parse(String text) {
        String plain = text.trim().replaceFirst("^v", "");
        int dash = plain.indexOf('-');
        String core = dash < 0 ? plain : plain.substring(0, dash);
        String pre = dash < 0 ? "" : plain.substring(dash + 1);
        String[] parts = core.split("\\.");
        try {
            return new ChartVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 ? Integer.parseInt(parts[2].replaceFirst("\\+.*", "")) : 0, pre);
        } catch (NumberFormatException e) {
            // sorts first; such versions are not Mayastor's
            return new ChartVersion(-1, 0, 0, plain);
        }
    }

    boolean isAfter(ChartVersion other) {
        return compareTo(other) > 0;
    }

    boolean isAtLeast(ChartVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ChartVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c == 0 && !preRelease.equals(o.preRelease)) {
            c = preRelease.isEmpty() ? 1 : o.preRelease.isEmpty() ? -1 : preRelease.compareTo(o.preRelease);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
