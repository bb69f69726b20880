package dev.mayabench.provision.aws;

import dev.mayabench.provision.RunLease;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Finds every EC2 resource mayabench tagged in a region, grouped by run, and deletes the runs that are due:
 * past their {@code mayabench:expires} time, older than a given age, or owned by a process on this machine that
 * no longer exists (a killed run). Runs kept with {@code reuse} ({@code mayabench:expires=never}) are left
 * alone unless asked. This is the out-of-process sweeper of DESIGN.md's leak guard.
 *
 * <pre>{@code
 * try (Ec2Reaper reaper = Ec2Reaper.connect("eu-west-1", Optional.empty())) {
 *     for (Ec2Reaper.Run run : reaper.runs()) {
 *         run.dueBecause(Instant.now(), Optional.of(Duration.ofHours(2)), false)
 *                 .ifPresent(why -> reaper.delete(run, System.out::println));
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class Ec2Reaper implements AutoCloseable {

    private static final Filter TAGGED = Filter.builder().name("tag-key").values(RunTags.RUN).build();

    private final Ec2Client ec2;
    private final Timings timings;

    Ec2Reaper(Ec2Client ec2, Timings timings) {
        this.ec2 = ec2;
        this.timings = timings;
    }

    /** A reaper for one region; {@code endpoint} for emulators. Credentials come from the SDK's default chain. */
    public static Ec2Reaper connect(String region, Optional<java.net.URI> endpoint) {
        return new Ec2Reaper(Ec2Clients.create(Ec2Clients.region(Optional.ofNullable(region)), endpoint), Timings.AWS);
    }

    /** The same, polling at {@code poll} while it waits for instances to terminate (tests use milliseconds). */
    public static Ec2Reaper connect(String region, Optional<java.net.URI> endpoint, Duration poll) {
        return new Ec2Reaper(Ec2Clients.create(Ec2Clients.region(Optional.ofNullable(region)), endpoint),
                new Timings(poll, Timings.AWS.bootDeadline(), Timings.AWS.deleteDeadline()));
    }

    /** The region the reaper works in. */
    public String region() {
        return ec2.serviceClientConfiguration().region().id();
    }

    /**
     * One run's tagged resources.
     *
     * @param id        the run id ({@code mayabench:run})
     * @param cluster   the cluster name
     * @param expires   when it may be reaped; empty for a kept cluster (or a resource without the tag)
     * @param created   when the run started, if tagged
     * @param owner     {@code host/pid} of the JVM that created it
     * @param resources what is still there
     */
    public record Run(String id, String cluster, Optional<Instant> expires, Optional<Instant> created, String owner,
                      List<String> resources, boolean kept) {

        /**
         * Why this run is due for deletion at {@code now}, or empty when it is not: expired, older than
         * {@code olderThan}, or its owning process on this host is gone.
         */
        public Optional<String> dueBecause(Instant now, Optional<Duration> olderThan, boolean includeKept) {
            return new RunLease(expires, created, owner, kept).dueBecause(now, olderThan, includeKept);
        }
    }

    /** Every run with tagged resources in the region, oldest first. */
    public List<Run> runs() {
        return group(find());
    }

    /** Deletes every resource of the run, printing each one; returns what could not be deleted, with why. */
    public Map<String, String> delete(Run run, Consumer<String> progress) {
        List<Ec2Resource> resources = find().getOrDefault(run.id(), new Found()).resources;
        Ec2Teardown.Result result = new Ec2Teardown(ec2, timings, progress).delete(resources, r -> { });
        Map<String, String> remaining = new LinkedHashMap<>();
        result.remaining().forEach((r, why) -> remaining.put(r.toString(), why));
        return remaining;
    }

    private static final class Found {
        final List<Ec2Resource> resources = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();
    }

    private Map<String, Found> find() {
        Map<String, Found> byRun = new LinkedHashMap<>();
        ec2.describeInstancesPaginator(b -> b.filters(TAGGED, Filter.builder().name("instance-state-name")
                        .values("pending", "running", "stopping", "stopped", "shutting-down").build()))
                .reservations().forEach(r -> r.instances().forEach(i ->
                        add(byRun, i.tags(), Ec2Resource.of(Ec2Resource.Kind.INSTANCE, i.instanceId()))));
        ec2.describeKeyPairs(b -> b.filters(TAGGED)).keyPairs().forEach(k ->
                add(byRun, k.tags(), Ec2Resource.of(Ec2Resource.Kind.KEY_PAIR, k.keyName())));
        ec2.describeSecurityGroupsPaginator(b -> b.filters(TAGGED)).securityGroups().forEach(g ->
                add(byRun, g.tags(), Ec2Resource.of(Ec2Resource.Kind.SECURITY_GROUP, g.groupId())));
        ec2.describeRouteTablesPaginator(b -> b.filters(TAGGED)).routeTables().forEach(t ->
                add(byRun, t.tags(), Ec2Resource.of(Ec2Resource.Kind.ROUTE_TABLE, t.routeTableId())));
        ec2.describeInternetGatewaysPaginator(b -> b.filters(TAGGED)).internetGateways().forEach(g ->
                add(byRun, g.tags(), new Ec2Resource(Ec2Resource.Kind.INTERNET_GATEWAY, g.internetGatewayId(),
                        g.attachments().isEmpty() ? "" : g.attachments().get(0).vpcId())));
        ec2.describeSubnetsPaginator(b -> b.filters(TAGGED)).subnets().forEach(s ->
                add(byRun, s.tags(), Ec2Resource.of(Ec2Resource.Kind.SUBNET, s.subnetId())));
        ec2.describeVpcsPaginator(b -> b.filters(TAGGED)).vpcs().forEach(v ->
                add(byRun, v.tags(), Ec2Resource.of(Ec2Resource.Kind.VPC, v.vpcId())));
        return byRun;
    }

    private static void add(Map<String, Found> byRun, Collection<Tag> tags, Ec2Resource resource) {
        Map<String, String> map = tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        Found found = byRun.computeIfAbsent(map.get(RunTags.RUN), k -> new Found());
        found.resources.add(resource);
        map.forEach(found.tags::putIfAbsent);
    }

    private static List<Run> group(Map<String, Found> byRun) {
        List<Run> runs = new ArrayList<>();
        byRun.forEach((id, found) -> {
            String expires = found.tags.getOrDefault(RunTags.EXPIRES, "");
            runs.add(new Run(id, found.tags.getOrDefault(RunTags.CLUSTER, "?"), instant(expires),
                    instant(found.tags.getOrDefault(RunTags.CREATED, "")), found.tags.getOrDefault(RunTags.OWNER, ""),
                    found.resources.stream().map(Ec2Resource::toString).toList(), expires.equals(RunTags.NEVER)));
        });
        runs.sort(java.util.Comparator.comparing(r -> r.created().orElse(Instant.EPOCH)));
        return runs;
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ec2.close();
    }
}
