package dev.mayabench.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * "Did you mean ...?" for misspelt names: the closest allowed value by edit distance, if it is close enough
 * to be a plausible typo.
 *
 * <pre>{@code
 * Suggestions.didYouMean("randred-4k", List.of("randread-4k", "randwrite-4k"));  // "did you mean 'randread-4k'?"
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Suggestions {

    private Suggestions() {
    }

    /** The allowed value closest to {@code value}, when at most a third of its characters differ. */
    public static Optional<String> closest(String value, Collection<String> allowed) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String wanted = value.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int tolerated = Math.max(2, wanted.length() / 3);
        return bestDistance <= tolerated ? Optional.ofNullable(best) : Optional.empty();
    }

    /** {@code "did you mean 'x'?"} for the closest allowed value, or a fallback listing what is allowed. */
    public static String didYouMean(String value, Collection<String> allowed) {
        return closest(value, allowed)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("use one of " + String.join(", ", allowed));
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
