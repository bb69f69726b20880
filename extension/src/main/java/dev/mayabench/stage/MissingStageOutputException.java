package dev.mayabench.stage;

import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A stage was skipped by the user, but the files it would have produced are not in the workspace, so the
 * stages after it cannot work.
 *
 * <pre>{@code
 * // mayabench.skip=kubernetes, but target/mayabench/demo/admin.conf is missing:
 * // stage 'kubernetes' is skipped (mayabench.skip) but its output is missing from the workspace: ...
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class MissingStageOutputException extends StageFailedException {

    private static final long serialVersionUID = 1L;

    public MissingStageOutputException(StageName stage, List<Path> missing, Path workspace) {
        super(stage, "stage '" + stage.id() + "' is skipped (mayabench.skip) but its output is missing from the "
                + "workspace " + workspace + ": " + missing.stream().map(Path::toString).toList()
                + "; put the file(s) there (e.g. your own inventory.ini or admin.conf) or remove '" + stage.id()
                + "' from mayabench.skip so the stage creates them");
    }
}
