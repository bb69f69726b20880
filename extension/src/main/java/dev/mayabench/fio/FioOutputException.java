package dev.mayabench.fio;

import org.apiguardian.api.API;

/**
 * fio's output could not be read as a result. The message says what was expected and quotes where the
 * output went wrong (line, column and the text around it, or the JSON path of a missing field).
 *
 * <pre>{@code
 * FioResult.parse("fio: pid=1234, err=28/file:io_u.c:1845, func=io_u error, error=No space left on device");
 * // FioOutputException: no JSON object in fio's output (expected --output-format=json or json+) ...
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class FioOutputException extends FioException {

    private static final long serialVersionUID = 1L;

    public FioOutputException(String message) {
        super(message);
    }

    public FioOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
