package dev.mayabench.kube;

import org.apiguardian.api.API;

/**
 * Helm could not be found, downloaded or run, or the release failed; the message ends with helm's last lines.
 *
 * <pre>{@code
 * // helm is not on the PATH and cannot be downloaded from https://get.helm.sh/helm-v3.18.4-linux-amd64.tar.gz:
 * // ...; install helm 3.18.4 (https://helm.sh/docs/intro/install/) and put it on the PATH
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class HelmException extends KubeException {

    private static final long serialVersionUID = 1L;

    public HelmException(String message, Throwable cause) {
        super(message, cause);
    }
}
