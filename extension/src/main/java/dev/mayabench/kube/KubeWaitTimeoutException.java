package dev.mayabench.kube;

import org.apiguardian.api.API;

/**
 * A wait on the cluster reached its deadline: says what was awaited, what was last seen and where the evidence is.
 *
 * <pre>{@code
 * // waited 10.0 s for DiskPool mayabench-storage-2 to be Online; last seen: cr_state Created, pool_status
 * // Faulted; evidence: .../logs/evidence/pool-mayabench-storage-2-211218.txt (last warning: ...); a longer
 * // deadline is set with mayabench.kube.timeout
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class KubeWaitTimeoutException extends KubeException {

    private static final long serialVersionUID = 1L;

    public KubeWaitTimeoutException(String message) {
        super(message);
    }
}
