package dev.mayabench.provision.aws;

import dev.mayabench.provision.RunLease;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The tags every resource of one provisioning run carries, so that {@code mayabench reap} can find and delete
 * what a killed run left, even without its workspace: the run id, the cluster name, when the resources may be
 * reaped ({@code never} for a cluster kept with {@code reuse}) and which process on which machine owns them
 * (a run whose process is gone is dead).
 *
 * <pre>{@code
 * RunTags tags = RunTags.start("demo", Duration.ofHours(4), false);
 * tags.on(ResourceType.VPC, "demo-vpc");   // a TagSpecification for CreateVpc
 * }</pre>
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public record RunTags(String runId, String cluster, Optional<Instant> expires, Instant created, String owner) {

    public static final String RUN = RunLease.RUN;
    public static final String CLUSTER = RunLease.CLUSTER;
    public static final String EXPIRES = RunLease.EXPIRES;
    public static final String CREATED = RunLease.CREATED;
    public static final String OWNER = RunLease.OWNER;
    public static final String ROLE = "mayabench:role";
    public static final String NEVER = RunLease.NEVER;

    public static RunTags start(String cluster, java.time.Duration ttl, boolean kept) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runId = cluster + "-" + Long.toHexString(now.getEpochSecond()) + "-"
                + Long.toHexString(ProcessHandle.current().pid());
        return new RunTags(runId, cluster, kept ? Optional.empty() : Optional.of(now.plus(ttl)), now,
                currentOwner());
    }

    /** {@code host/pid} of this JVM: a reaper on the same host can tell whether the run is still alive. */
    static String currentOwner() {
        return LocalHost.name() + "/" + ProcessHandle.current().pid();
    }

    /** The run's tags as key and value, without a name: for clouds whose tags are a map (Azure). */
    public Map<String, String> labels() {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        tags("").stream().filter(t -> !t.key().equals("Name")).forEach(t -> labels.put(t.key(), t.value()));
        return labels;
    }

    List<Tag> tags(String name) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag("Name", name));
        tags.add(tag(RUN, runId));
        tags.add(tag(CLUSTER, cluster));
        tags.add(tag(CREATED, created.toString()));
        tags.add(tag(EXPIRES, expires.map(Instant::toString).orElse(NEVER)));
        tags.add(tag(OWNER, owner));
        return tags;
    }

    TagSpecification on(ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type).tags(tags(name)).build();
    }

    TagSpecification on(ResourceType type, String name, Map<String, String> extra) {
        List<Tag> tags = tags(name);
        extra.forEach((k, v) -> tags.add(tag(k, v)));
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
