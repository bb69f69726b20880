package dev.mayabench.fio;

import org.apiguardian.api.API;

/**
 * Something went wrong with fio itself: it is not installed, it failed, or its output cannot be read.
 * Subclasses name the kind; the message always says what happened and what to do about it.
 *
 * <pre>{@code
 * try {
 *     FioResult.parse(path);
 * } catch (FioException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class FioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FioException(String message) {
        super(message);
    }

    public FioException(String message, Throwable cause) {
        super(message, cause);
    }
}
