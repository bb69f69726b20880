package dev.mayabench.provision.aws;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.kube.DeployPlan;
import dev.mayabench.stage.NodeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run on AWS would create, said before the first EC2 create call: the instances per role with their
 * types, the network and the one way in (SSH from the executor's address only), the key pair and tags, the
 * Kubernetes installer, then what {@link DeployPlan} would create in the cluster. {@code mayabench up --dry-run}
 * prints it and stops; a real run logs it just before it starts creating.
 *
 * <pre>{@code
 * CreationPlan plan = new CreationPlan(spec, ClusterPlan.of(spec), tags, region, findings, "198.51.100.7/32");
 * plan.lines().forEach(System.out::println);
 * // instances (5):
 * //   master-1   master,bastion  m5.large   root gp3 20 GiB
 * //   ...
 * }</pre>
 */
record CreationPlan(ClusterSpec spec, ClusterPlan plan, RunTags tags, String region, Ec2Preflight.Findings findings,
                    String sshCidr) {

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("plan for cluster " + spec.name() + " (run " + tags.runId() + ") in " + region + ", zone "
                + findings.zone() + ":");
        lines.add("instances (" + plan.nodes().size() + "), image " + findings.image().id() + " ("
                + findings.image().name() + "):");
        int width = plan.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(8);
        for (ClusterPlan.PlannedNode node : plan.nodes()) {
            String roles = node.roles().stream().sorted().map(NodeRole::id).collect(Collectors.joining(","));
            lines.add(String.format("  %-" + width + "s  %-15s %-14s root gp3 %d GiB%s", node.name(), roles,
                    node.instanceType(), spec.aws().rootVolumeGiB(),
                    node.roles().contains(NodeRole.STORAGE) ? ", pool on its instance-store NVMe" : ""));
        }
        lines.add("network: VPC " + Ec2Provisioning.VPC_CIDR + ", public subnet " + Ec2Provisioning.SUBNET_CIDR
                + " in " + findings.zone() + ", internet gateway, route table with 0.0.0.0/0 to it");
        lines.add("security group: SSH (tcp/22) from " + sshCidr + " only; every port among the cluster nodes");
        lines.add("key pair: mayabench-" + tags.runId() + " (made here; private key in the workspace, mode 0600)");
        lines.add("tags: mayabench:cluster=" + spec.name() + ", mayabench:run=" + tags.runId() + ", mayabench:expires="
                + tags.expires().map(Object::toString).orElse(RunTags.NEVER + " (reuse)"));
        lines.add("kubernetes: installed with " + spec.kubernetes());
        Map<String, String> poolDisks = new LinkedHashMap<>();
        plan.nodes().stream().filter(n -> n.roles().contains(NodeRole.STORAGE)).forEach(n -> poolDisks.put(n.name(),
                spec.mayastor().poolDisk(n.name()).orElse("the instance-store NVMe disk of " + n.name())));
        lines.addAll(DeployPlan.lines(spec, poolDisks));
        findings.warnings().forEach(w -> lines.add("warning: " + w));
        return lines;
    }

    String text() {
        return String.join(System.lineSeparator(), lines());
    }
}
