package dev.mayabench.fio;

import org.apiguardian.api.API;

/**
 * A threshold expression cannot be read. The message quotes it, points at the position (1-based) with a
 * caret, says what was found and what was expected there.
 *
 * <pre>{@code
 * try {
 *     Threshold.parse("read.p99 < 2 parsecs");
 * } catch (ThresholdSyntaxException e) {
 *     e.position();   // 14
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class ThresholdSyntaxException extends FioException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;

    public ThresholdSyntaxException(String expression, int position, String found, String expected) {
        super("cannot read the threshold \"" + expression + "\" at position " + position + ": found " + found
                + ", expected " + expected + "\n  " + expression + "\n  " + " ".repeat(Math.max(0, position - 1))
                + "^");
        this.expression = expression;
        this.position = position;
    }

    public String expression() {
        return expression;
    }

    /** Where the problem is, counting from 1. */
    public int position() {
        return position;
    }
}
