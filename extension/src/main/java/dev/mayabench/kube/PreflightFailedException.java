package dev.mayabench.kube;

import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The preflight found what would make the deploy stage fail, before anything was installed. The message lists
 * each error with its fix.
 *
 * <pre>{@code
 * // preflight found 1 problem(s) before deploying; nothing was changed on the cluster:
 * //   ERROR hugepages storage-1: allocatable hugepages-2Mi is none, the io-engine requests 2048Mi; ...; fix: ...
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class PreflightFailedException extends KubeException {

    private static final long serialVersionUID = 1L;

    public PreflightFailedException(Preflight.Report report) {
        super("preflight found " + report.errors().size() + " problem(s) before deploying; nothing was changed on "
                + "the cluster (run 'mayabench doctor' to see every check):" + System.lineSeparator()
                + report.errors().stream().map(f -> "  " + f.line()).collect(Collectors.joining(System.lineSeparator())));
    }
}
