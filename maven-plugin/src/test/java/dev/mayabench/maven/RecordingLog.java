package dev.mayabench.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** The build log of a goal under test: every info and error line, in order, prefixed with its level. */
final class RecordingLog extends SystemStreamLog {

    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(CharSequence content) {
        lines.add("[INFO] " + content);
    }

    @Override
    public synchronized void warn(CharSequence content) {
        lines.add("[WARNING] " + content);
    }

    @Override
    public synchronized void error(CharSequence content) {
        lines.add("[ERROR] " + content);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }
}
