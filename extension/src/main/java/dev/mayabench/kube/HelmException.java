package dev.mayabench.kube;

import org.apiguardian.api.API;

/** Helm could not be found, downloaded or run, or the release failed; the message ends with helm's last lines. */
@API(status = API.Status.INTERNAL)
public final class HelmException extends KubeException {

    public HelmException(String message, Throwable cause) {
        super(message, cause);
    }
}
