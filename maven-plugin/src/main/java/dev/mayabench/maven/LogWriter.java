package dev.mayabench.maven;

import java.io.Writer;
import java.util.function.Consumer;

/**
 * A writer that hands each complete line to the build log, so the command's progress (a {@code down} that waits on
 * EC2 prints as it goes) shows up when it happens, with Maven's {@code [INFO]} prefix, and goes wherever the build's
 * log goes ({@code -q}, {@code -l FILE}).
 */
final class LogWriter extends Writer {

    private final Consumer<String> log;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder all = new StringBuilder();

    LogWriter(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            all.append(c);
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        log.accept(line.toString());
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        // a partial line stays until its end arrives or the writer is closed
    }

    @Override
    public synchronized void close() {
        if (!line.isEmpty()) {
            emit();
        }
    }

    /** Everything written, for the message of a failed goal. */
    synchronized String text() {
        return all.toString().strip();
    }
}
