package dev.mayabench.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The settings only the {@code aws} provider reads ({@code aws.*} in {@code mayabench.yaml}, {@code mayabench.aws.*}
 * properties, {@code MAYABENCH_AWS_*} variables). Credentials are not among them: they come from the AWS SDK's
 * default chain only.
 *
 * <pre>{@code
 * // -Dmayabench.aws.sshCidr=198.51.100.7/32 -Dmayabench.aws.ttl=3h
 * spec.aws().sshCidr();   // Optional[198.51.100.7/32]
 * spec.aws().ttl();       // PT3H
 * }</pre>
 *
 * @param endpoint       an EC2 endpoint other than AWS's own (a local emulator); empty means AWS
 * @param sshCidr        the only source addresses the security group admits SSH from; empty means this
 *                       machine's public address, detected, as a {@code /32}
 * @param ami            the machine image; empty means the newest Canonical Ubuntu 22.04 image of the region
 * @param zone           the availability zone; empty means the first one that offers every instance type
 * @param rootVolumeGiB  size of every node's root volume
 * @param ttl            how long after creation {@code mayabench reap} may delete the resources of a run that did
 *                       not tear them down itself
 */
@API(status = API.Status.INTERNAL)
public record AwsOptions(Optional<URI> endpoint, Optional<String> sshCidr, Optional<String> ami,
                         Optional<String> zone, int rootVolumeGiB, Duration ttl) {

    public static final int DEFAULT_ROOT_VOLUME_GIB = 30;
    public static final Duration DEFAULT_TTL = Duration.ofHours(4);

    public AwsOptions {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sshCidr, "sshCidr");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(ttl, "ttl");
    }

    public static AwsOptions defaults() {
        return new AwsOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_ROOT_VOLUME_GIB, DEFAULT_TTL);
    }
}
