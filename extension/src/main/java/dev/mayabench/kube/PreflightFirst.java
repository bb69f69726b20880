package dev.mayabench.kube;

import dev.mayabench.stage.Stage;
import dev.mayabench.stage.StageContext;
import dev.mayabench.stage.StageName;
import java.util.List;

/**
 * The deploy stage with the {@link Preflight} run first: every finding goes to the deploy log, and an error
 * stops the stage before anything is labelled or installed.
 *
 * <pre>{@code
 * pipeline.stage(new PreflightFirst(target, new DeployStage(target)));
 * }</pre>
 */
final class PreflightFirst implements Stage {

    private final KubeTarget target;
    private final Stage deploy;

    PreflightFirst(KubeTarget target, Stage deploy) {
        this.target = target;
        this.deploy = deploy;
    }

    @Override
    public StageName name() {
        return deploy.name();
    }

    @Override
    public List<String> outputs() {
        return deploy.outputs();
    }

    @Override
    public void run(StageContext context) throws Exception {
        // the chart versions come from where the deploy stage will install from
        Preflight.Report report = (deploy instanceof DeployStage stage ? Preflight.of(target, stage.charts())
                : Preflight.of(target)).run();
        report.findings().forEach(f -> context.log("preflight: " + f.line()));
        if (report.hasErrors()) {
            throw new PreflightFailedException(report);
        }
        deploy.run(context);
    }
}
