package dev.mayabench.kube;

import org.apiguardian.api.API;

/**
 * Something on the Kubernetes side went wrong: the cluster cannot be reached, Mayastor cannot be installed, a
 * pool or volume never became usable, a fio pod failed. The message says what, what was last seen and where
 * the evidence (status, events, pod logs) was written.
 */
@API(status = API.Status.INTERNAL)
public class KubeException extends RuntimeException {

    public KubeException(String message) {
        super(message);
    }

    public KubeException(String message, Throwable cause) {
        super(message, cause);
    }
}
