package dev.mayabench.config;

import dev.mayabench.stage.StageName;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The user's own playbooks, run in the listed order by the {@code playbooks} stage on the cluster's nodes, with
 * where that stage runs.
 *
 * <pre>{@code
 * // -Dmayabench.playbooks=ansible/lvm.yml,classpath:tune.yml -Dmayabench.playbooks.after=prepare-nodes
 * spec.playbooks().files();   // [ansible/lvm.yml, classpath:tune.yml], checked to exist and to be playbooks
 * spec.playbooks().after();   // PREPARE_NODES
 * }</pre>
 *
 * @param files the playbooks, in the order they run
 * @param after the set-up stage they run right after: {@code deploy} (default) or {@code prepare-nodes}
 */
@API(status = API.Status.INTERNAL)
public record PlaybookOptions(List<UserPlaybook> files, StageName after) {

    /** After deploy: Mayastor runs, so a playbook may use it (or the cluster) as the playground's did. */
    public static final StageName DEFAULT_AFTER = StageName.DEPLOY;
    /** The points the stage may run after. */
    static final List<StageName> POINTS = List.of(StageName.PREPARE_NODES, StageName.DEPLOY);

    public PlaybookOptions {
        files = List.copyOf(files);
        Objects.requireNonNull(after, "after");
    }

    static PlaybookOptions none() {
        return new PlaybookOptions(List.of(), DEFAULT_AFTER);
    }

    /** As written, comma-separated, for the report. */
    String text() {
        return files.stream().map(UserPlaybook::written).collect(Collectors.joining(","));
    }
}
