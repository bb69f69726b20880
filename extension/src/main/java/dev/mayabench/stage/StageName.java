package dev.mayabench.stage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The stages of a benchmark environment, in the order the {@link Pipeline} runs them. The ids are what
 * users write in {@code mayabench.skip=tunnel,kubernetes}.
 *
 * <pre>{@code
 * StageName.of("prepare-nodes");  // Optional[PREPARE_NODES]
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public enum StageName {
    PROVISION("provision"),
    TUNNEL("tunnel"),
    KUBERNETES("kubernetes"),
    PREPARE_NODES("prepare-nodes"),
    DEPLOY("deploy"),
    /** The user's own playbooks ({@code mayabench.playbooks}); after deploy unless {@code playbooks.after} moves it. */
    PLAYBOOKS("playbooks"),
    WORKLOAD("workload"),
    TEARDOWN("teardown");

    private final String id;

    StageName(String id) {
        this.id = id;
    }

    /** The name users write, e.g. {@code prepare-nodes}. */
    public String id() {
        return id;
    }

    /** Looks a stage up by its id, ignoring case and accepting {@code _} for {@code -}. */
    public static Optional<StageName> of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst();
    }

    /** All ids in pipeline order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(StageName::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
