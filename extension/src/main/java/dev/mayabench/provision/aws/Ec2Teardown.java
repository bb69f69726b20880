package dev.mayabench.provision.aws;

import dev.mayabench.internal.log.MayabenchLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Deletes EC2 resources in reverse dependency order: instances (and waits until they are terminated), key
 * pairs, security groups, route tables (after removing their subnet associations), internet gateways (after
 * detaching them), subnets, VPCs. EC2 refuses to delete a resource something still depends on with
 * {@code DependencyViolation} for a while after the dependant is gone, so those deletes are retried until a
 * deadline. A resource that is already gone counts as deleted, so teardown can be run again after a partial
 * failure. Everything that could not be deleted is reported, with the reason, instead of stopping at the
 * first failure.
 *
 * <pre>{@code
 * Ec2Teardown.Result r = new Ec2Teardown(ec2, Timings.AWS, log::info).delete(resources, removed -> {});
 * r.remaining();   // empty when everything is gone
 * }</pre>
 */
final class Ec2Teardown {

    private static final Logger LOG = MayabenchLog.of(Ec2Teardown.class);

    private final Ec2Client ec2;
    private final Timings timings;
    private final Consumer<String> progress;

    Ec2Teardown(Ec2Client ec2, Timings timings, Consumer<String> progress) {
        this.ec2 = ec2;
        this.timings = timings;
        this.progress = progress;
    }

    /** What teardown removed, and what is still there with the reason. */
    record Result(List<Ec2Resource> removed, Map<Ec2Resource, String> remaining) {

        boolean complete() {
            return remaining.isEmpty();
        }

        String describeRemaining() {
            if (remaining.isEmpty()) {
                return "nothing";
            }
            List<String> lines = new ArrayList<>();
            remaining.forEach((r, why) -> lines.add(r + " (" + why + ")"));
            return String.join(", ", lines);
        }
    }

    /**
     * Deletes the resources; {@code onRemoved} hears of each one as soon as it is gone (to update
     * {@code state.json}).
     */
    Result delete(Collection<Ec2Resource> resources, Consumer<Ec2Resource> onRemoved) {
        List<Ec2Resource> ordered = resources.stream()
                .sorted(Comparator.comparing(Ec2Resource::kind))
                .toList();
        List<Ec2Resource> removed = new ArrayList<>();
        Map<Ec2Resource, String> remaining = new LinkedHashMap<>();
        Consumer<Ec2Resource> gone = r -> {
            removed.add(r);
            onRemoved.accept(r);
        };

        List<Ec2Resource> instances = ordered.stream().filter(r -> r.kind() == Ec2Resource.Kind.INSTANCE).toList();
        if (!instances.isEmpty()) {
            terminate(instances, gone, remaining);
        }
        for (Ec2Resource resource : ordered) {
            if (resource.kind() == Ec2Resource.Kind.INSTANCE) {
                continue;
            }
            // a VPC cannot go while anything inside it stays: trying would only retry until the deadline
            if (resource.kind() == Ec2Resource.Kind.VPC && !remaining.isEmpty()) {
                remaining.put(resource, "not attempted: " + remaining.keySet().iterator().next()
                        + " that it depends on is still there");
                continue;
            }
            try {
                deleteOne(resource);
                progress.accept("deleted " + resource);
                gone.accept(resource);
            } catch (Ec2Exception e) {
                remaining.put(resource, code(e) + ": " + e.awsErrorDetails().errorMessage());
            } catch (RuntimeException e) {
                remaining.put(resource, e.getMessage());
            }
        }
        return new Result(List.copyOf(removed), Map.copyOf(remaining));
    }

    private void terminate(List<Ec2Resource> instances, Consumer<Ec2Resource> gone, Map<Ec2Resource, String> remaining) {
        List<String> ids = instances.stream().map(Ec2Resource::id).toList();
        List<String> existing = new ArrayList<>();
        for (String id : ids) {
            // one at a time for the call that may say NotFound, so one gone instance does not fail the others
            try {
                ec2.terminateInstances(b -> b.instanceIds(id));
                existing.add(id);
            } catch (Ec2Exception e) {
                if (!notFound(e)) {
                    remaining.put(resourceOf(instances, id), code(e) + ": " + e.awsErrorDetails().errorMessage());
                    continue;
                }
                gone.accept(resourceOf(instances, id));
            }
        }
        if (existing.isEmpty()) {
            return;
        }
        progress.accept("waiting for " + existing.size() + " instance(s) to terminate: " + String.join(", ", existing));
        long t0 = System.nanoTime();
        try {
            ec2.waiter().waitUntilInstanceTerminated(DescribeInstancesRequest.builder().instanceIds(existing).build(),
                    waiting());
            progress.accept(existing.size() + " instance(s) terminated in "
                    + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
            existing.forEach(id -> gone.accept(resourceOf(instances, id)));
        } catch (RuntimeException e) {
            for (String id : existing) {
                remaining.put(resourceOf(instances, id), "did not reach 'terminated' within "
                        + timings.deleteDeadline().toSeconds() + " s: " + e.getMessage());
            }
        }
    }

    private WaiterOverrideConfiguration waiting() {
        return WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(timings.poll()))
                .waitTimeout(timings.deleteDeadline())
                .maxAttempts(Integer.MAX_VALUE)
                .build();
    }

    private static Ec2Resource resourceOf(List<Ec2Resource> instances, String id) {
        return instances.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private void deleteOne(Ec2Resource resource) {
        switch (resource.kind()) {
            case KEY_PAIR -> ec2.deleteKeyPair(b -> b.keyName(resource.id()));
            case SECURITY_GROUP -> retryingDependencies(resource, () -> ec2.deleteSecurityGroup(b -> b.groupId(resource.id())));
            case ROUTE_TABLE -> deleteRouteTable(resource);
            case INTERNET_GATEWAY -> deleteInternetGateway(resource);
            case SUBNET -> retryingDependencies(resource, () -> ec2.deleteSubnet(b -> b.subnetId(resource.id())));
            case VPC -> retryingDependencies(resource, () -> ec2.deleteVpc(b -> b.vpcId(resource.id())));
            case INSTANCE -> throw new IllegalStateException("instances are terminated together");
        }
    }

    private void deleteRouteTable(Ec2Resource resource) {
        List<RouteTable> tables;
        try {
            tables = ec2.describeRouteTables(b -> b.routeTableIds(resource.id())).routeTables();
        } catch (Ec2Exception e) {
            if (notFound(e)) {
                return;
            }
            throw e;
        }
        for (RouteTable table : tables) {
            for (RouteTableAssociation association : table.associations()) {
                if (!Boolean.TRUE.equals(association.main())) {
                    ignoringNotFound(() -> ec2.disassociateRouteTable(b -> b.associationId(
                            association.routeTableAssociationId())));
                }
            }
        }
        retryingDependencies(resource, () -> ec2.deleteRouteTable(b -> b.routeTableId(resource.id())));
    }

    private void deleteInternetGateway(Ec2Resource resource) {
        if (!resource.vpc().isEmpty()) {
            try {
                ec2.detachInternetGateway(b -> b.internetGatewayId(resource.id()).vpcId(resource.vpc()));
            } catch (Ec2Exception e) {
                // already detached, or gone: both leave nothing to detach
                if (!notFound(e) && !code(e).equals("Gateway.NotAttached")) {
                    throw e;
                }
            }
        }
        retryingDependencies(resource, () -> ec2.deleteInternetGateway(b -> b.internetGatewayId(resource.id())));
    }

    /** Runs a delete, again and again while EC2 says something still depends on the resource. */
    private void retryingDependencies(Ec2Resource resource, Runnable delete) {
        long deadline = System.nanoTime() + timings.deleteDeadline().toNanos();
        int attempt = 0;
        while (true) {
            try {
                delete.run();
                return;
            } catch (Ec2Exception e) {
                if (notFound(e)) {
                    return;
                }
                if (!code(e).equals("DependencyViolation") || System.nanoTime() > deadline) {
                    throw e;
                }
                attempt++;
                if (attempt == 1 || attempt % 10 == 0) {
                    progress.accept("waiting to delete " + resource + ": " + e.awsErrorDetails().errorMessage());
                }
                LOG.debug("{} still has dependencies (attempt {})", resource, attempt);
                sleep(timings.poll());
            }
        }
    }

    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (Ec2Exception e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }

    static boolean notFound(Ec2Exception e) {
        String code = code(e);
        return code.endsWith(".NotFound");
    }

    static String code(Ec2Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to delete", e);
        }
    }
}
