package dev.mayabench.kube;

import org.apiguardian.api.API;

/** A wait on the cluster reached its deadline: says what was awaited, what was last seen and where the evidence is. */
@API(status = API.Status.INTERNAL)
public final class KubeWaitTimeoutException extends KubeException {

    public KubeWaitTimeoutException(String message) {
        super(message);
    }
}
