package dev.mayabench.stage;

import dev.mayabench.internal.log.MayabenchLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apiguardian.api.API;
import org.slf4j.Logger;

/**
 * What a running {@link Stage} may use: the workspace, and a log that goes both to SLF4J and to the
 * stage's own file {@code logs/<stage>.log} in the workspace, so a failed run can be read afterwards.
 *
 * <pre>{@code
 * context.log("waiting for 3 instances to be running");
 * Path key = context.workspace().file("id_ed25519");
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class StageContext implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final StageName stage;
    private final Workspace workspace;
    private final Logger logger;
    private final Path logFile;
    private Writer writer;

    StageContext(StageName stage, Workspace workspace) {
        this.stage = stage;
        this.workspace = workspace;
        this.logger = MayabenchLog.named("mayabench.stage." + stage.id());
        this.logFile = workspace.logFile(stage.id());
    }

    public StageName stage() {
        return stage;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The file this stage's log lines are appended to. */
    public Path logFile() {
        return logFile;
    }

    /** Logs one line of progress: to SLF4J at INFO and to the stage's log file. */
    public void log(String line) {
        logger.info("[{}] {}", stage.id(), line);
        append(line);
    }

    private synchronized void append(String line) {
        try {
            if (writer == null) {
                Files.createDirectories(logFile.getParent());
                writer = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            writer.write(LocalTime.now().format(CLOCK) + " " + line + System.lineSeparator());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stage log " + logFile, e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                logger.warn("cannot close the stage log {}: {}", logFile, e.getMessage());
            }
            writer = null;
        }
    }
}
