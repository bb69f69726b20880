package dev.mayabench.provision.azure;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import com.azure.resourcemanager.network.models.NetworkInterface;
import com.azure.resourcemanager.network.models.NetworkSecurityGroup;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.network.models.PublicIPSkuType;
import com.azure.resourcemanager.network.models.PublicIpAddress;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import dev.mayabench.ansible.NodeFacts;
import dev.mayabench.config.AzureOptions;
import dev.mayabench.provision.ParallelCreation;
import dev.mayabench.provision.aws.CloudInit;
import dev.mayabench.provision.aws.ClusterPlan;
import dev.mayabench.provision.aws.OpenSshKeyPair;
import dev.mayabench.provision.aws.ProvisioningException;
import dev.mayabench.provision.aws.RunTags;
import dev.mayabench.provision.aws.Timings;
import dev.mayabench.stage.ClusterNode;
import dev.mayabench.stage.NodeRole;
import dev.mayabench.stage.Workspace;
import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Creates the environment of one {@link ClusterPlan} in one Azure resource group of its own: the group (tagged for
 * the run, so {@code mayabench reap} finds it without the workspace), a virtual network with one subnet, a network
 * security group admitting SSH only from the executor's address, one Standard static public IP for the bastion only,
 * and per node a NIC and a VM (boot diagnostics on managed storage, cloud-init with the per-cluster login key). The
 * nodes are created in parallel and each one's host keys are read from its serial log as soon as it has booted, so
 * 24 nodes take about as long as 3. Every resource is recorded in {@code state.json} the moment Azure returns it.
 *
 * <pre>{@code
 * List<ClusterNode> nodes = new ArmProvisioning(arm, workspace, tags, "mb-demo-1a2b", "eastus", timings, log::info)
 *         .create(plan, findings, spec.azure(), "198.51.100.7/32");
 * }</pre>
 */
final class ArmProvisioning {

    static final String GROUP_KIND = "azure-resource-group";
    static final String VNET_CIDR = "10.42.0.0/16";
    static final String SUBNET = "nodes";
    static final String SUBNET_CIDR = "10.42.0.0/20";
    /** Not one of the names Azure reserves for the admin user (admin, root, ...; Azure VM docs, "adminUsername"). */
    static final String LOGIN_USER = "mayabench";
    /** Parallel node creations; ARM's write limits are per subscription and hour, far above a cluster's calls. */
    private static final int PARALLEL_CALLS = 24;

    private final ArmClients arm;
    private final Workspace workspace;
    private final RunTags tags;
    private final String group;
    private final Region region;
    private final Timings timings;
    private final Consumer<String> progress;
    private volatile boolean cancelled;

    ArmProvisioning(ArmClients arm, Workspace workspace, RunTags tags, String group, String region, Timings timings,
                    Consumer<String> progress) {
        this.arm = arm;
        this.workspace = workspace;
        this.tags = tags;
        this.group = group;
        this.region = Region.fromName(region);
        this.timings = timings;
        this.progress = progress;
    }

    /** Stops creating: the next create call throws instead (teardown is starting, e.g. on Ctrl-C). */
    void cancel() {
        cancelled = true;
    }

    List<ClusterNode> create(ClusterPlan plan, ArmPreflight.Findings findings, AzureOptions options, String sshCidr) {
        Map<String, String> labels = tags.labels();
        created(GROUP_KIND, "everything of run " + tags.runId(), () -> arm.resources().resourceGroups()
                .define(group).withRegion(region).withTags(labels).create().name());
        Network vnet = created("azure-virtual-network", "network " + VNET_CIDR, () -> arm.network().networks()
                .define("vnet").withRegion(region).withExistingResourceGroup(group).withAddressSpace(VNET_CIDR)
                .withSubnet(SUBNET, SUBNET_CIDR).withTags(labels).create(), Network::id);
        NetworkSecurityGroup nsg = created("azure-network-security-group", "SSH from " + sshCidr + " only",
                () -> arm.network().networkSecurityGroups().define("nsg").withRegion(region)
                        .withExistingResourceGroup(group)
                        .defineRule("ssh-from-executor").allowInbound().fromAddress(sshCidr).fromAnyPort()
                        .toAnyAddress().toPort(22).withProtocol(SecurityRuleProtocol.TCP).withPriority(100)
                        .withDescription("SSH from the mayabench executor only").attach()
                        .withTags(labels).create(), NetworkSecurityGroup::id);

        OpenSshKeyPair login = OpenSshKeyPair.generate("mayabench-" + tags.runId());
        workspace.writeSecret("id_ed25519", login.privateKey().getBytes(StandardCharsets.UTF_8));
        writeFile("id_ed25519.pub", login.publicKeyLine() + "\n");
        String customData = CloudInit.withLoginKey(login).base64();

        progress.accept("creating " + plan.nodes().size() + " VM(s) in parallel: " + plan.nodes().stream()
                .collect(Collectors.groupingBy(ClusterPlan.PlannedNode::instanceType, LinkedHashMap::new,
                        Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(", ")));
        Map<String, Created> byName = new LinkedHashMap<>();
        ParallelCreation.forEach(plan.nodes(), PARALLEL_CALLS, "mayabench-azure-node",
                ParallelCreation.OnInterrupt.INTERRUPT_RUNNING, node -> {
            Created made = node(node, vnet, nsg, login, customData, options, findings);
            synchronized (byName) {
                byName.put(node.name(), made);
            }
        });

        List<ClusterNode> nodes = new ArrayList<>();
        StringBuilder knownHosts = new StringBuilder();
        for (ClusterPlan.PlannedNode planned : plan.nodes()) {
            Created made = byName.get(planned.name());
            Optional<String> nvme = planned.roles().contains(NodeRole.STORAGE)
                    ? Optional.of(NodeFacts.INSTANCE_STORE) : Optional.empty();
            nodes.add(new ClusterNode(planned.name(), planned.roles(), made.privateAddress(), made.publicAddress(),
                    22, LOGIN_USER, nvme));
            String hosts = made.publicAddress().map(p -> p + ",").orElse("") + made.privateAddress();
            made.hostKeys().forEach(k -> knownHosts.append(hosts).append(' ').append(k).append('\n'));
        }
        writeFile("known_hosts", knownHosts.toString());
        workspace.updateState(s -> s.withNodes(nodes));
        progress.accept("nodes: " + nodes.stream().map(n -> n.name() + " " + n.reachableAddress())
                .collect(Collectors.joining(", ")));
        return List.copyOf(nodes);
    }

    /** What one node's creation found out: its addresses and the host keys its serial log printed. */
    private record Created(String privateAddress, Optional<String> publicAddress, List<String> hostKeys) {
    }

    private Created node(ClusterPlan.PlannedNode node, Network vnet, NetworkSecurityGroup nsg, OpenSshKeyPair login,
                         String customData, AzureOptions options, ArmPreflight.Findings findings) {
        Map<String, String> labels = new LinkedHashMap<>(tags.labels());
        labels.put(RunTags.ROLE, node.roles().stream().map(NodeRole::id).sorted().collect(Collectors.joining(",")));
        boolean bastion = node.roles().contains(NodeRole.BASTION);
        Optional<PublicIpAddress> ip = bastion
                ? Optional.of(created("azure-public-ip", "the bastion's address", () -> arm.network()
                        .publicIpAddresses().define(node.name() + "-ip").withRegion(region)
                        .withExistingResourceGroup(group).withStaticIP().withSku(PublicIPSkuType.STANDARD)
                        .withTags(tags.labels()).create(), PublicIpAddress::id))
                : Optional.empty();
        NetworkInterface nic = created("azure-network-interface", node.name() + "'s NIC", () -> {
            var definition = arm.network().networkInterfaces().define(node.name() + "-nic").withRegion(region)
                    .withExistingResourceGroup(group).withExistingPrimaryNetwork(vnet).withSubnet(SUBNET)
                    .withPrimaryPrivateIPAddressDynamic().withExistingNetworkSecurityGroup(nsg)
                    .withTags(tags.labels());
            return (ip.isPresent() ? definition.withExistingPrimaryPublicIPAddress(ip.get()) : definition).create();
        }, NetworkInterface::id);
        List<String> image = options.imageParts();
        created("azure-virtual-machine", node.name() + " (" + node.instanceType() + ")", () -> {
            try {
                return arm.compute().virtualMachines().define(node.name()).withRegion(region)
                        .withExistingResourceGroup(group).withExistingPrimaryNetworkInterface(nic)
                        .withSpecificLinuxImageVersion(new ImageReference().withPublisher(image.get(0))
                                .withOffer(image.get(1)).withSku(image.get(2)).withVersion(image.get(3)))
                        .withRootUsername(LOGIN_USER).withSsh(login.publicKeyLine())
                        .withCustomData(customData)
                        .withBootDiagnosticsOnManagedStorageAccount()
                        .withSize(VirtualMachineSizeTypes.fromString(node.instanceType()))
                        .withOSDiskSizeInGB(options.osDiskGiB())
                        .withOSDiskDeleteOptions(DeleteOptions.DELETE)
                        .withTags(labels).create();
            } catch (ManagementException e) {
                throw explained(e, node);
            }
        }, vm -> vm.id());
        List<String> keys = new SerialLogHostKeys(arm, timings.poll(), progress)
                .await(group, node.name(), timings.bootDeadline());
        NetworkInterface attached = nic.refresh();
        Optional<String> publicAddress = ip.map(PublicIpAddress::refresh).map(PublicIpAddress::ipAddress);
        return new Created(attached.primaryPrivateIP(), publicAddress, keys);
    }

    private RuntimeException explained(ManagementException e, ClusterPlan.PlannedNode node) {
        String code = e.getValue() == null ? "" : e.getValue().getCode();
        String message = e.getValue() == null ? e.getMessage() : e.getValue().getMessage();
        return switch (code) {
            // quota: 409 OperationNotAllowed "Operation could not be completed as it results in exceeding approved
            // ... Cores quota" (fixtures/azure-facts.md section 4)
            case "OperationNotAllowed" -> new AzureQuotaException(code + ": " + message, e);
            case "SkuNotAvailable" -> new ProvisioningException("the VM size " + node.instanceType()
                    + " is not available in " + region.name() + " right now (SkuNotAvailable: " + message
                    + "); try another size (-Dmayabench.instance=...) or region", e);
            default -> new ProvisioningException("Azure refused to create " + node.name() + " ("
                    + node.instanceType() + " in " + region.name() + "): " + code + ": " + message, e);
        };
    }

    private <T> T created(String kind, String detail, Supplier<T> creation, java.util.function.Function<T, String> id) {
        if (cancelled) {
            throw new ProvisioningException("provisioning was cancelled (the JVM is shutting down) before "
                    + kind + " " + detail + " was created", null);
        }
        T resource = creation.get();
        String armId = id.apply(resource);
        workspace.updateState(s -> s.withResource(new CreatedResource(kind, armId, detail)));
        progress.accept("created " + kind + " " + armId + " (" + detail + ")");
        return resource;
    }

    private String created(String kind, String detail, Supplier<String> creation) {
        return created(kind, detail, creation, name -> name);
    }

    private void writeFile(String name, String content) {
        try {
            Files.writeString(workspace.file(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workspace.file(name), e);
        }
    }
}
