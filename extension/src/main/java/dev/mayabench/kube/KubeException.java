package dev.mayabench.kube;

import org.apiguardian.api.API;

/**
 * Something on the Kubernetes side went wrong: the cluster cannot be reached, Mayastor cannot be installed, a
 * pool or volume never became usable, a fio pod failed. The message says what, what was last seen and where
 * the evidence (status, events, pod logs) was written.
 *
 * <pre>{@code
 * try {
 *     kube.runWorkload(job, VolumeMode.FILESYSTEM, dir, "randomRead");
 * } catch (KubeException e) {
 *     System.err.println(e.getMessage());   // "gave up waiting for fio to finish in 2 pod(s): fio pod ... failed
 *                                            //  exit code 1 (Error); evidence: .../logs/evidence/fio-....txt"
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public class KubeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubeException(String message) {
        super(message);
    }

    public KubeException(String message, Throwable cause) {
        super(message, cause);
    }
}
