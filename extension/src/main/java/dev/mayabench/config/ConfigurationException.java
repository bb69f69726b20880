package dev.mayabench.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The configuration cannot be used. Carries every {@link Problem} found, so a user sees all of them at once
 * instead of fixing one per run.
 *
 * <pre>{@code
 * try {
 *     ClusterSpec.load(annotation, ConfigSources.current());
 * } catch (ConfigurationException e) {
 *     e.problems().forEach(p -> System.err.println(p.message()));
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE)
public class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ConfigurationException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem found, in the order the settings were checked. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "mayabench configuration: " + problems.get(0).message();
        }
        return problems.stream()
                .map(p -> "  - " + p.message())
                .collect(Collectors.joining(System.lineSeparator(),
                        "mayabench configuration has " + problems.size() + " problems:" + System.lineSeparator(),
                        ""));
    }
}
