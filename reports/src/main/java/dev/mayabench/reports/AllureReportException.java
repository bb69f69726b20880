package dev.mayabench.reports;

import org.apiguardian.api.API;

/**
 * The HTML report could not be made: the Allure command line is missing, {@code allure generate} failed or
 * timed out, or the results directory cannot be prepared. The message says which, and what to do.
 *
 * <pre>{@code
 * try {
 *     new AllureReport(allureHome).generate(results, report);
 * } catch (AllureReportException e) {
 *     System.err.println(e.getMessage());  // e.g. "the Allure command line is not at ...: the build unpacks ..."
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class AllureReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AllureReportException(String message) {
        super(message);
    }

    public AllureReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
