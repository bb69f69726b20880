package dev.mayabench.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The settings of the Kubernetes side, read by every provider that ends with a Kubernetes cluster
 * ({@code existing}, {@code k3s}, {@code aws}): where the cluster is, which StorageClass is benchmarked, where
 * the fio pods run and how long mayabench waits for the cluster.
 *
 * <pre>{@code
 * // -Dmayabench.storageClass=gp3 -Dmayabench.kube.keep=true
 * spec.kube().storageClass();   // Optional[gp3]: benchmark that class as it is, deploy no Mayastor
 * spec.kube().keep();           // true: the fio pods and volumes of each test stay for debugging
 * }</pre>
 *
 * @param storageClass the StorageClass to benchmark as it is; empty means the Mayastor StorageClass mayabench
 *                     creates (replicas, protocol, fsType, thin from the spec)
 * @param kubeconfig   the kubeconfig of the cluster; empty means the workspace's {@code admin.conf} (made by
 *                     the kubernetes stage), else for {@code existing} the usual {@code KUBECONFIG} /
 *                     {@code ~/.kube/config}
 * @param namespace    where the fio pods, their volumes and job ConfigMaps live
 * @param fioImage     the container image of the fio pods: it must have {@code sh} and {@code fio}
 * @param keep         keep each test's pods, volumes and ConfigMap after the test, for debugging
 * @param timeout      the deadline of each wait (pools Online, volumes Bound, pods Ready, fio finished beyond
 *                     its own run time)
 * @param helmMirror   where helm's release archives are downloaded from when helm is not on the PATH: get.helm.sh,
 *                     or a mirror with the same layout (air-gapped sites)
 */
@API(status = API.Status.INTERNAL)
public record KubeOptions(Optional<String> storageClass, Optional<Path> kubeconfig, String namespace, String fioImage,
                          boolean keep, Duration timeout, URI helmMirror) {

    public static final String DEFAULT_NAMESPACE = "mayabench";
    /** Ships fio and a shell (nixery builds it from nixpkgs); the image OpenEBS's docs use for their fio pod. */
    public static final String DEFAULT_FIO_IMAGE = "nixery.dev/shell/fio";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final URI DEFAULT_HELM_MIRROR = URI.create("https://get.helm.sh/");

    public KubeOptions {
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(fioImage, "fioImage");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(helmMirror, "helmMirror");
    }

    public static KubeOptions defaults() {
        return new KubeOptions(Optional.empty(), Optional.empty(), DEFAULT_NAMESPACE, DEFAULT_FIO_IMAGE, false,
                DEFAULT_TIMEOUT, DEFAULT_HELM_MIRROR);
    }
}
