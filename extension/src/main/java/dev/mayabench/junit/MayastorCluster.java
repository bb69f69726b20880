package dev.mayabench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares the benchmark environment a test class runs against. The extension builds it once before the
 * first test of the class, shares it with every class that declares the same environment, and tears it
 * down after the last one (unless {@link #reuse()} keeps it).
 *
 * <p>Every attribute is optional: an unset attribute (empty string, {@link #UNSET}) takes its value from
 * {@code mayabench.yaml}, system properties {@code mayabench.*}, environment variables {@code MAYABENCH_*}
 * or the built-in default, in that order of precedence (later wins). Without any settings the provider is
 * {@code local}: fio runs as a process against a file under {@code target/mayabench/}.
 *
 * <pre>{@code
 * @MayastorCluster(storageNodes = 3, instance = "i3.2xlarge")
 * class ReplicatedVolumeBenchmark {
 *     @Test @Fio(profile = "randread-4k")
 *     void randomReadIsFast(FioResult result) {
 *         assertThat(result).read().hasIopsAtLeast(100_000)
 *                 .hasLatencyPercentileAtMost(99.0, Duration.ofMillis(1));
 *     }
 * }
 * }</pre>
 *
 * Settings that only apply to cloud providers (node counts, instance types, Kubernetes installer, ...)
 * are validated on every provider and listed as "not applicable" in the report on the local provider.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MayabenchExtension.class)
@API(status = API.Status.STABLE)
public @interface MayastorCluster {

    /**
     * The default of the number attributes, meaning "not written here". Not {@code -1}: a user who writes
     * {@code storageNodes = -1} wrote a value, which is checked (and refused) like any other.
     */
    int UNSET = Integer.MIN_VALUE;

    /** Cluster name; also names its workspace directory. Default {@code mayabench}. */
    String name() default "";

    /**
     * Where the environment comes from: {@code local} (default: fio on this machine), {@code existing} (a
     * Kubernetes cluster you have), {@code k3s} (k3s in a container, needs Docker) or {@code aws}.
     */
    String provider() default "";

    /** Number of storage nodes (each gets a Mayastor pool). */
    int storageNodes() default UNSET;

    /** Number of worker nodes that run the fio pods. */
    int workerNodes() default UNSET;

    /** Number of Kubernetes control-plane nodes. */
    int masterNodes() default UNSET;

    /** Instance type of the storage nodes, e.g. {@code i3.2xlarge}. */
    String instance() default "";

    /** Instance type of the worker and master nodes. */
    String workerInstance() default "";

    /** Kubernetes installer: {@code k3s}, {@code kubespray}, {@code kubeadm} or {@code microk8s}. */
    String kubernetes() default "";

    /** Mayastor replica count of each volume. */
    int replicas() default UNSET;

    /** Volume protocol of the StorageClass, e.g. {@code nvmf}. */
    String protocol() default "";

    /** Number of volumes (one fio pod each) per benchmark. */
    int volumes() default UNSET;

    /** Size of each volume, e.g. {@code 10Gi}. */
    String volumeSize() default "";

    /** Cloud region, e.g. {@code eu-west-1}. */
    String region() default "";

    /** Number of 2 MiB hugepages each storage node reserves for Mayastor's io-engine. */
    int hugepages() default UNSET;

    /**
     * The StorageClass to benchmark as it is (e.g. {@code gp3}, {@code local-path}); empty means the Mayastor
     * class mayabench deploys. Lets one suite compare Mayastor with another class side by side.
     */
    String storageClass() default "";

    /** Stages to skip, e.g. {@code {"tunnel", "kubernetes"}}; their outputs must already be in the workspace. */
    String[] skip() default {};

    /** Keep the environment after the JVM ends and find it again on the next run. */
    boolean reuse() default false;
}
