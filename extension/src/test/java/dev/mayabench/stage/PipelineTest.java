package dev.mayabench.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    @TempDir
    Path dir;

    Workspace workspace;
    final List<String> ran = new ArrayList<>();

    @BeforeEach
    void openWorkspace() {
        workspace = Workspace.open(dir.resolve("cluster"));
    }

    /** A stage that records that it ran and writes its output file, like a real installer would. */
    private Stage writing(StageName name, String output) {
        return new Stage() {
            @Override
            public StageName name() {
                return name;
            }

            @Override
            public void run(StageContext context) throws IOException {
                ran.add(name.id());
                context.log("writing " + output);
                Files.writeString(context.workspace().file(output), name.id());
            }

            @Override
            public List<String> outputs() {
                return List.of(output);
            }
        };
    }

    /** A stage without outputs, like teardown. */
    private Stage recording(StageName name) {
        return new Stage() {
            @Override
            public StageName name() {
                return name;
            }

            @Override
            public void run(StageContext context) {
                ran.add(name.id());
            }
        };
    }

    @Test
    void runsSetUpStagesInPipelineOrderRegardlessOfRegistrationOrder() {
        Pipeline pipeline = Pipeline.builder(workspace)
                .stage(writing(StageName.DEPLOY, "deployed"))
                .stage(writing(StageName.KUBERNETES, "admin.conf"))
                .stage(writing(StageName.PROVISION, "inventory.ini"))
                .build();

        List<StageReport> reports = pipeline.setUp();

        assertThat(ran).containsExactly("provision", "kubernetes", "deploy");
        assertThat(reports).extracting(StageReport::stage).containsExactly(StageName.PROVISION, StageName.TUNNEL,
                StageName.KUBERNETES, StageName.PREPARE_NODES, StageName.DEPLOY, StageName.PLAYBOOKS);
        assertThat(reports).extracting(StageReport::outcome).containsExactly(StageReport.Outcome.PASSED,
                StageReport.Outcome.SKIPPED, StageReport.Outcome.PASSED, StageReport.Outcome.SKIPPED,
                StageReport.Outcome.PASSED, StageReport.Outcome.SKIPPED);
        assertThat(workspace.file("admin.conf")).hasContent("kubernetes");
    }

    @Test
    void theUsersPlaybooksRunAfterDeployUnlessTheyAreMovedToRightAfterNodePreparation() {
        Pipeline.builder(workspace).stage(recording(StageName.PLAYBOOKS)).stage(recording(StageName.DEPLOY))
                .stage(recording(StageName.PREPARE_NODES)).build().setUp();
        assertThat(ran).containsExactly("prepare-nodes", "deploy", "playbooks");

        ran.clear();
        Pipeline moved = Pipeline.builder(workspace).stage(recording(StageName.PLAYBOOKS))
                .stage(recording(StageName.DEPLOY)).stage(recording(StageName.PREPARE_NODES))
                .runAfter(StageName.PLAYBOOKS, StageName.PREPARE_NODES).build();
        List<StageReport> reports = moved.setUp();

        assertThat(ran).containsExactly("prepare-nodes", "playbooks", "deploy");
        assertThat(reports).extracting(StageReport::stage).containsExactly(StageName.PROVISION, StageName.TUNNEL,
                StageName.KUBERNETES, StageName.PREPARE_NODES, StageName.PLAYBOOKS, StageName.DEPLOY);
        assertThatThrownBy(() -> Pipeline.builder(workspace).runAfter(StageName.PLAYBOOKS, StageName.TEARDOWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set-up stages");
    }

    @Test
    void stagesTheProviderDoesNotNeedAreSkippedWithTheProvidersReason() {
        Pipeline pipeline = Pipeline.builder(workspace)
                .notNeeded(StageName.TUNNEL, "nodes are reachable directly")
                .build();

        List<StageReport> reports = pipeline.setUp();

        assertThat(reports.get(1).skipReason()).contains("nodes are reachable directly");
        assertThat(reports.get(1).summary()).isEqualTo("tunnel: skipped (nodes are reachable directly)");
    }

    @Test
    void userSkippedStageDoesNotRunWhenItsOutputIsAlreadyInTheWorkspace() throws IOException {
        Files.writeString(workspace.file("admin.conf"), "user's own kubeconfig");
        Pipeline pipeline = Pipeline.builder(workspace)
                .stage(writing(StageName.KUBERNETES, "admin.conf"))
                .skippedByUser(Set.of(StageName.KUBERNETES))
                .build();

        List<StageReport> reports = pipeline.setUp();

        assertThat(ran).isEmpty();
        assertThat(reports.get(2).skipReason()).contains("skipped by mayabench.skip");
        assertThat(workspace.file("admin.conf")).hasContent("user's own kubeconfig");
    }

    @Test
    void userSkippedStageWithMissingOutputFailsNamingTheFileAndTheFix() {
        Pipeline pipeline = Pipeline.builder(workspace)
                .stage(writing(StageName.PROVISION, "inventory.ini"))
                .stage(writing(StageName.KUBERNETES, "admin.conf"))
                .skippedByUser(Set.of(StageName.KUBERNETES))
                .build();

        assertThatThrownBy(pipeline::setUp)
                .isInstanceOf(MissingStageOutputException.class)
                .hasMessageContaining("stage 'kubernetes' is skipped")
                .hasMessageContaining(workspace.file("admin.conf").toString())
                .hasMessageContaining("remove 'kubernetes' from mayabench.skip");
        assertThat(ran).containsExactly("provision");
    }

    @Test
    void failingStageStopsThePipelineAndNamesStageCauseAndLog() throws IOException {
        Stage broken = new Stage() {
            @Override
            public StageName name() {
                return StageName.TUNNEL;
            }

            @Override
            public void run(StageContext context) throws IOException {
                throw new IOException("connection refused by bastion 10.0.0.1:22");
            }
        };
        Pipeline pipeline = Pipeline.builder(workspace)
                .stage(writing(StageName.PROVISION, "inventory.ini"))
                .stage(broken)
                .stage(writing(StageName.DEPLOY, "deployed"))
                .build();

        assertThatThrownBy(pipeline::setUp)
                .isInstanceOfSatisfying(StageFailedException.class,
                        e -> assertThat(e.stage()).isEqualTo(StageName.TUNNEL))
                .hasMessageContaining("tunnel: failed after")
                .hasMessageContaining("connection refused by bastion")
                .hasMessageContaining(workspace.logFile("tunnel").toString())
                .hasCauseInstanceOf(IOException.class);
        assertThat(ran).containsExactly("provision");
        assertThat(Files.readString(workspace.logFile("tunnel")))
                .contains("started").contains("failed after").contains("connection refused");
    }

    @Test
    void eachStageLogsStartEndAndDurationToItsOwnFile() throws IOException {
        Pipeline.builder(workspace).stage(writing(StageName.PROVISION, "inventory.ini")).build().setUp();

        String log = Files.readString(workspace.logFile("provision"));

        assertThat(log).contains("started").contains("writing inventory.ini").containsPattern("done in \\d+ ms");
    }

    @Test
    void teardownIsSkippedWhenTheUserSkipsIt() {
        Pipeline pipeline = Pipeline.builder(workspace)
                .stage(recording(StageName.TEARDOWN))
                .skippedByUser(Set.of(StageName.TEARDOWN))
                .build();

        StageReport report = pipeline.tearDown();

        assertThat(report.outcome()).isEqualTo(StageReport.Outcome.SKIPPED);
        assertThat(ran).isEmpty();
    }

    @Test
    void observerSeesEveryStageRunAndSkip() {
        List<String> seen = new ArrayList<>();
        StageObserver observer = new StageObserver() {
            @Override
            public void around(StageName stage, Body body) throws Exception {
                seen.add("start " + stage);
                body.run();
                seen.add("end " + stage);
            }

            @Override
            public void skipped(StageReport report) {
                seen.add("skip " + report.stage());
            }
        };

        Pipeline.builder(workspace).stage(writing(StageName.DEPLOY, "deployed")).observer(observer).build().setUp();

        assertThat(seen).containsExactly("skip provision", "skip tunnel", "skip kubernetes", "skip prepare-nodes",
                "start deploy", "end deploy", "skip playbooks");
    }

    @Test
    void workloadIsNotAPipelineStage() {
        Stage workload = new Stage() {
            @Override
            public StageName name() {
                return StageName.WORKLOAD;
            }

            @Override
            public void run(StageContext context) {
            }
        };

        assertThatThrownBy(() -> Pipeline.builder(workspace).stage(workload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs per test");
    }
}
