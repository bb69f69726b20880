package dev.mayabench.internal.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger mayabench uses when the classpath has no SLF4J provider: each line of a message, prefixed
 * {@code [mayabench] }, on standard error, at the levels {@link ConsoleMode} lets through (INFO and above by
 * default, never DEBUG or TRACE).
 *
 * <p>Why standard error for every level, as slf4j-simple does by default: the lines land where they would with
 * slf4j-simple, in order (one stream, no interleaving of two buffers in a terminal), and standard output stays
 * free for what a command prints as its result ({@code mayabench list}). Surefire forwards a forked test JVM's
 * standard error to the Maven console as it does standard output (unless {@code redirectTestOutputToFile} is
 * set, then both go to the same file), so this reaches the build log.
 *
 * <p>{@code System.err} is read at each line, not kept: Surefire, IDEs and tests replace it while tests run.
 */
final class ConsoleLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;
    static final String PREFIX = "[mayabench] ";

    ConsoleLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    private static boolean enabled(Level level) {
        return ConsoleMode.forLogging().prints(level);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        // SLF4J's own formatting, so "{}" and a trailing Throwable argument behave as with any provider
        String text = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        StringBuilder lines = new StringBuilder();
        String label = level == Level.INFO ? "" : level + " ";
        text.lines().forEach(line -> lines.append(PREFIX).append(label).append(line).append(System.lineSeparator()));
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(line -> lines.append(PREFIX).append(line).append(System.lineSeparator()));
        }
        PrintStream err = System.err;
        synchronized (err) {
            err.print(lines);
            err.flush();
        }
    }
}
