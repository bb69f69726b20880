package dev.mayabench.provision.aws;

import dev.mayabench.provision.ParallelCreation;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import dev.mayabench.ansible.NodeFacts;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Creates the environment of one {@link ClusterPlan} on EC2: a VPC with one public subnet in the chosen zone,
 * an internet gateway and route, a security group that admits SSH only from the executor's address and all
 * traffic among the nodes, a per-run key pair (private key 0600 in the workspace) and the instances, each with a
 * host key generated here so {@code known_hosts} is written before it boots. Every resource is recorded in
 * {@code state.json} the moment EC2 returns its id, so teardown — also from another JVM — knows it; every
 * resource is tagged so {@code mayabench reap} finds it even when the state is lost. The instances are created
 * in parallel and awaited together: 24 nodes take about as long as 3.
 *
 * <pre>{@code
 * List<ClusterNode> nodes = new Ec2Provisioning(ec2, workspace, tags, timings, log::info)
 *         .create(plan, findings, options.rootVolumeGiB(), "198.51.100.7/32");
 * }</pre>
 */
final class Ec2Provisioning {

    static final String VPC_CIDR = "10.42.0.0/16";
    static final String SUBNET_CIDR = "10.42.0.0/20";
    static final String LOGIN_USER = "ubuntu";
    /** Parallel RunInstances calls; EC2's request-rate limits for mutating calls start around 50 per second. */
    private static final int PARALLEL_CALLS = 24;

    private final Ec2Client ec2;
    private final Workspace workspace;
    private final RunTags tags;
    private final Timings timings;
    private final Consumer<String> progress;
    private volatile boolean cancelled;

    Ec2Provisioning(Ec2Client ec2, Workspace workspace, RunTags tags, Timings timings, Consumer<String> progress) {
        this.ec2 = ec2;
        this.workspace = workspace;
        this.tags = tags;
        this.timings = timings;
        this.progress = progress;
    }

    /** Stops creating: the next create call throws instead (teardown is starting, e.g. on Ctrl-C). */
    void cancel() {
        cancelled = true;
    }

    List<ClusterNode> create(ClusterPlan plan, Ec2Preflight.Findings findings, int rootVolumeGiB, String sshCidr) {
        String name = tags.cluster();
        String vpc = created(Ec2Resource.Kind.VPC, "network of cluster " + name, () -> ec2.createVpc(b -> b
                .cidrBlock(VPC_CIDR)
                .tagSpecifications(tags.on(ResourceType.VPC, name))).vpc().vpcId());
        ec2.modifyVpcAttribute(b -> b.vpcId(vpc).enableDnsHostnames(on()));

        String subnet = created(Ec2Resource.Kind.SUBNET, "public subnet in " + findings.zone(), () -> ec2.createSubnet(b -> b
                .vpcId(vpc).cidrBlock(SUBNET_CIDR).availabilityZone(findings.zone())
                .tagSpecifications(tags.on(ResourceType.SUBNET, name))).subnet().subnetId());
        ec2.modifySubnetAttribute(b -> b.subnetId(subnet).mapPublicIpOnLaunch(on()));

        String gateway = created(Ec2Resource.Kind.INTERNET_GATEWAY, "internet access", vpc, () -> ec2.createInternetGateway(b -> b
                .tagSpecifications(tags.on(ResourceType.INTERNET_GATEWAY, name))).internetGateway().internetGatewayId());
        ec2.attachInternetGateway(b -> b.internetGatewayId(gateway).vpcId(vpc));

        String routes = created(Ec2Resource.Kind.ROUTE_TABLE, "default route to the internet gateway", () -> ec2.createRouteTable(b -> b
                .vpcId(vpc).tagSpecifications(tags.on(ResourceType.ROUTE_TABLE, name))).routeTable().routeTableId());
        ec2.createRoute(b -> b.routeTableId(routes).destinationCidrBlock("0.0.0.0/0").gatewayId(gateway));
        ec2.associateRouteTable(b -> b.routeTableId(routes).subnetId(subnet));

        String group = created(Ec2Resource.Kind.SECURITY_GROUP, "SSH from " + sshCidr + " and traffic among the nodes",
                () -> ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName(name + "-" + tags.runId())
                        .description("mayabench " + name + ": SSH from the executor only, all traffic inside")
                        .tagSpecifications(tags.on(ResourceType.SECURITY_GROUP, name))).groupId());
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                        .ipRanges(IpRange.builder().cidrIp(sshCidr).description("SSH from the mayabench executor")
                                .build()).build(),
                IpPermission.builder().ipProtocol("-1")
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(group)
                                .description("every port among the cluster nodes").build()).build()));

        OpenSshKeyPair login = OpenSshKeyPair.generate("mayabench-" + tags.runId());
        workspace.writeSecret("id_ed25519", login.privateKey().getBytes(StandardCharsets.UTF_8));
        writeFile("id_ed25519.pub", login.publicKeyLine() + "\n");
        String keyName = "mayabench-" + tags.runId();
        created(Ec2Resource.Kind.KEY_PAIR, "login key " + login.fingerprint(), () -> {
            ec2.importKeyPair(b -> b.keyName(keyName)
                    .publicKeyMaterial(SdkBytes.fromUtf8String(login.publicKeyLine()))
                    .tagSpecifications(tags.on(ResourceType.KEY_PAIR, name)));
            return keyName;
        });

        Map<String, OpenSshKeyPair> hostKeys = new LinkedHashMap<>();
        Map<String, ClusterPlan.PlannedNode> byInstance = launch(plan, findings, rootVolumeGiB, subnet, group, keyName,
                hostKeys);
        List<Instance> running = awaitRunning(List.copyOf(byInstance.keySet()));
        return describeNodes(plan, running, byInstance, hostKeys, findings.types());
    }

    private Map<String, ClusterPlan.PlannedNode> launch(ClusterPlan plan, Ec2Preflight.Findings findings,
                                                         int rootVolumeGiB, String subnet, String group,
                                                         String keyName, Map<String, OpenSshKeyPair> hostKeys) {
        progress.accept("launching " + plan.nodes().size() + " instance(s): " + plan.nodes().stream()
                .collect(Collectors.groupingBy(ClusterPlan.PlannedNode::instanceType, LinkedHashMap::new,
                        Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(", "))
                + " in " + findings.zone());
        Map<String, ClusterPlan.PlannedNode> byInstance = new LinkedHashMap<>();
        Map<String, OpenSshKeyPair> keysByNode = new LinkedHashMap<>();
        plan.nodes().forEach(node -> keysByNode.put(node.name(), OpenSshKeyPair.generate(node.name())));
        ParallelCreation.forEach(plan.nodes(), PARALLEL_CALLS, "mayabench-ec2-launch",
                ParallelCreation.OnInterrupt.FINISH_RUNNING, node -> {
            OpenSshKeyPair hostKey = keysByNode.get(node.name());
            String id = runInstance(plan, node, findings, rootVolumeGiB, subnet, group, keyName, hostKey);
            synchronized (byInstance) {
                byInstance.put(id, node);
                hostKeys.put(id, hostKey);
            }
        });
        return byInstance;
    }

    private String runInstance(ClusterPlan plan, ClusterPlan.PlannedNode node, Ec2Preflight.Findings findings, int rootVolumeGiB,
                               String subnet, String group, String keyName, OpenSshKeyPair hostKey) {
        String role = node.roles().stream().map(NodeRole::id).sorted().collect(Collectors.joining(","));
        return created(Ec2Resource.Kind.INSTANCE, node.name() + " (" + node.instanceType() + ")", () -> {
            try {
                return ec2.runInstances(b -> b
                        .imageId(findings.image().id())
                        .instanceType(node.instanceType())
                        .minCount(1).maxCount(1)
                        .keyName(keyName)
                        .subnetId(subnet)
                        .securityGroupIds(group)
                        .userData(CloudInit.withHostKey(hostKey).base64())
                        .blockDeviceMappings(BlockDeviceMapping.builder()
                                .deviceName(findings.image().rootDevice())
                                .ebs(EbsBlockDevice.builder().volumeSize(rootVolumeGiB).volumeType(VolumeType.GP3)
                                        .deleteOnTermination(true).build())
                                .build())
                        .tagSpecifications(
                                tags.on(ResourceType.INSTANCE, tags.cluster() + "-" + node.name(),
                                        Map.of(RunTags.ROLE, role)),
                                tags.on(ResourceType.VOLUME, tags.cluster() + "-" + node.name())))
                        .instances().get(0).instanceId();
            } catch (Ec2Exception e) {
                throw explained(e, plan, node, findings);
            }
        });
    }

    private RuntimeException explained(Ec2Exception e, ClusterPlan plan, ClusterPlan.PlannedNode node,
                                       Ec2Preflight.Findings findings) {
        String code = Ec2Teardown.code(e);
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return switch (code) {
            case "InsufficientInstanceCapacity" -> new CapacityException(node.instanceType(), findings.zone(), message, e);
            case "VcpuLimitExceeded", "InstanceLimitExceeded" -> new QuotaException(code, message,
                    regionOf(), vcpus(plan, findings.types()), e);
            default -> new ProvisioningException("EC2 refused to launch " + node.name() + " (" + node.instanceType()
                    + " in " + findings.zone() + "): " + code + ": " + message, e);
        };
    }

    private String regionOf() {
        return ec2.serviceClientConfiguration().region().id();
    }

    private List<Instance> awaitRunning(List<String> ids) {
        progress.accept("waiting for " + ids.size() + " instance(s) to be running (deadline "
                + timings.bootDeadline().toMinutes() + " min)");
        long t0 = System.nanoTime();
        try {
            ec2.waiter().waitUntilInstanceRunning(DescribeInstancesRequest.builder().instanceIds(ids).build(),
                    WaiterOverrideConfiguration.builder()
                    .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(timings.poll()))
                    .waitTimeout(timings.bootDeadline())
                    .maxAttempts(Integer.MAX_VALUE)
                    .build());
        } catch (RuntimeException e) {
            String states = describe(ids).stream()
                    .map(i -> i.instanceId() + " " + i.state().nameAsString()
                            + (i.stateReason() == null ? "" : " (" + i.stateReason().message() + ")"))
                    .collect(Collectors.joining(", "));
            throw new ProvisioningException("instances did not all reach 'running' within "
                    + timings.bootDeadline().toSeconds() + " s; last seen: " + states, e);
        }
        progress.accept(ids.size() + " instance(s) running after "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        return describe(ids);
    }

    private List<Instance> describe(List<String> ids) {
        return ec2.describeInstances(b -> b.instanceIds(ids)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    private List<ClusterNode> describeNodes(ClusterPlan plan, List<Instance> instances, Map<String, ClusterPlan.PlannedNode> byInstance,
                                            Map<String, OpenSshKeyPair> hostKeys,
                                            Map<String, InstanceTypeInfo> types) {
        List<ClusterNode> nodes = new ArrayList<>();
        StringBuilder knownHosts = new StringBuilder();
        for (Instance instance : instances) {
            ClusterPlan.PlannedNode planned = byInstance.get(instance.instanceId());
            Optional<String> publicAddress = Optional.ofNullable(instance.publicIpAddress());
            Optional<String> nvme = planned.roles().contains(NodeRole.STORAGE)
                    ? Optional.of(instanceStoreDevice())
                    : Optional.empty();
            nodes.add(new ClusterNode(planned.name(), planned.roles(), instance.privateIpAddress(), publicAddress,
                    22, LOGIN_USER, nvme));
            String hosts = publicAddress.map(p -> p + ",").orElse("") + instance.privateIpAddress();
            knownHosts.append(hosts).append(' ').append(hostKeys.get(instance.instanceId()).publicKey())
                    .append('\n');
        }
        List<String> planned = plan.nodes().stream().map(ClusterPlan.PlannedNode::name).toList();
        nodes.sort(Comparator.comparingInt(n -> planned.indexOf(n.name())));
        writeFile("known_hosts", knownHosts.toString());
        workspace.updateState(s -> s.withNodes(nodes));
        progress.accept("nodes: " + nodes.stream().map(n -> n.name() + " " + n.reachableAddress())
                .collect(Collectors.joining(", ")));
        return List.copyOf(nodes);
    }

    /**
     * The pool disk of a storage node: its instance-store disk, named {@value NodeFacts#INSTANCE_STORE} here and
     * found by model ("Amazon EC2 NVMe Instance Storage") and serial in the node facts before the deploy stage,
     * which gives the pool its {@code /dev/disk/by-id/} link. Never an NVMe index: on Nitro types the EBS root is
     * NVMe too and "the block device driver can assign NVMe device names in a different order" (AWS EC2 User
     * Guide, "Amazon EBS volumes and NVMe"), so /dev/nvme1n1 may be the root disk; and Mayastor's core agent
     * refuses bare device names from the releases after 2.8.0 (see kube.DevicePath).
     */
    static String instanceStoreDevice() {
        return NodeFacts.INSTANCE_STORE;
    }

    private static AttributeBooleanValue on() {
        return AttributeBooleanValue.builder().value(true).build();
    }

    private interface Creation {
        String create();
    }

    private String created(Ec2Resource.Kind kind, String detail, Creation creation) {
        return created(kind, detail, "", creation);
    }

    /** Creates one resource and records it in the state at once, so nothing created is ever unknown. */
    private String created(Ec2Resource.Kind kind, String detail, String vpc, Creation creation) {
        if (cancelled) {
            throw new ProvisioningException("provisioning was cancelled (the JVM is shutting down) before "
                    + kind.recorded() + " " + detail + " was created", null);
        }
        String id = creation.create();
        Ec2Resource resource = new Ec2Resource(kind, id, vpc);
        workspace.updateState(s -> s.withResource(resource.toCreated(detail)));
        progress.accept("created " + resource + " (" + detail + ")");
        return id;
    }

    private void writeFile(String name, String content) {
        try {
            Files.writeString(workspace.file(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workspace.file(name), e);
        }
    }

    /** The vCPUs of the whole plan, for the quota message. */
    static int vcpus(ClusterPlan plan, Map<String, InstanceTypeInfo> types) {
        return plan.nodes().stream()
                .mapToInt(n -> Optional.ofNullable(types.get(n.instanceType()))
                        .map(i -> i.vCpuInfo() == null ? 0 : i.vCpuInfo().defaultVCpus()).orElse(0))
                .sum();
    }
}
