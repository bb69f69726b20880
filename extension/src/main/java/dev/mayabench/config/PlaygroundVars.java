package dev.mayabench.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.stage.StageName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The variable names of the Mayastor demo playground (the shell scripts mayabench replaces), accepted in
 * {@code mayabench.yaml} so a playground user can bring their vars file: {@code SETUP_NAME: demo} means
 * {@code name: demo}. The names come from the playground's runner script, which sources a {@code vars} file of
 * shell assignments and passes them to Terraform ({@code prov.tfvars}) and Ansible ({@code ansible_vars.yml}).
 * The shell syntax has to become YAML ({@code KEY=value} to {@code KEY: value}); names match in any case, so
 * the lower-case spellings of the generated {@code prov.tfvars} / {@code ansible_vars.yml} work too.
 *
 * <p>Variables for things mayabench decides itself are not dropped silently: each becomes a sentence in
 * {@link ClusterSpec#notApplicable()} saying why it is not used.
 *
 * <pre>{@code
 * SETUP_NAME: demo
 * PLATFORM: aws
 * STORAGE_NODES: {count: 3, type: i3.2xlarge}
 * STAGES: prov start_vpn k8s prep_nodes
 * }</pre>
 */
final class PlaygroundVars {

    /** Playground variables that are one mayabench setting each. */
    private static final Map<String, String> SAME_MEANING = Map.of(
            "SETUP_NAME", "name",
            "PLATFORM", "provider",
            "K8S_INSTALLER", "kubernetes",
            "REPLICA_COUNT", "replicas",
            "NR_HUGEPAGES", "hugepages",
            "STORAGE_PROTOCOL", "protocol",
            // the playground's runner applies each of them in order after its stages: 'for p in $PLAYBOOKS; do cd
            // $DIR/deployments; ansible-playbook -i inventory.ini -e @ansible_vars.yml $p' (space-separated names in
            // its deployments directory; mayadata-io/deployment-automation-playground, demo-playground/up.sh and
            // vars); mayabench runs them in its playbooks stage
            "PLAYBOOKS", "playbooks",
            // the playground passes LOCATION to Terraform as the place the machines are created
            "LOCATION", "region");

    /**
     * Node groups: a count, or {@code {count, type}}. Workers and masters share one instance type in mayabench
     * ({@code workerInstance}), so both groups' {@code type} map there and must agree.
     */
    private static final Map<String, List<String>> NODE_GROUPS = Map.of(
            "STORAGE_NODES", List.of("storageNodes", "instance"),
            "WORKER_NODES", List.of("workerNodes", "workerInstance"),
            "MASTER_NODES", List.of("masterNodes", "workerInstance"));

    private static final String STAGES = "STAGES";

    /** The playground's stage names, which STAGES lists to run them, and the stages they are in mayabench. */
    private static final Map<String, StageName> PLAYGROUND_STAGES = orderedStages();

    /** Playground variables for things mayabench decides itself, and why. */
    private static final Map<String, String> NOT_USED = notUsed();

    private PlaygroundVars() {
    }

    static boolean isVariable(String key) {
        return names().contains(key.toUpperCase(Locale.ROOT));
    }

    /** Every playground variable name mayabench knows, mapped or not. */
    static List<String> names() {
        return Stream.of(SAME_MEANING.keySet().stream(), NODE_GROUPS.keySet().stream(), Stream.of(STAGES),
                        NOT_USED.keySet().stream())
                .flatMap(s -> s)
                .sorted()
                .toList();
    }

    static void read(String key, JsonNode node, ConfigFile file) {
        String name = key.toUpperCase(Locale.ROOT);
        if (SAME_MEANING.containsKey(name)) {
            readSameMeaning(key, SAME_MEANING.get(name), node, file);
        } else if (NODE_GROUPS.containsKey(name)) {
            readNodeGroup(key, NODE_GROUPS.get(name), node, file);
        } else if (name.equals(STAGES)) {
            readStages(key, node, file);
        } else {
            String value = ConfigFile.render(node);
            file.unused(key + " = " + (value.isEmpty() ? "(empty)" : "'" + value + "'") + " ("
                    + Origin.file(key, file.location()) + ") is a playground setting mayabench does not use: "
                    + NOT_USED.get(name));
        }
    }

    private static void readSameMeaning(String key, String setting, JsonNode node, ConfigFile file) {
        Optional<RawValue> raw = file.raw(setting, key, node);
        if (raw.isPresent() && setting.equals("kubernetes") && raw.get().text().equalsIgnoreCase("none")) {
            // the playground sets K8S_INSTALLER=None itself when 'k8s' is not in STAGES
            file.problem(new Problem(setting, raw.get().text(), "k3s, kubespray, kubeadm or microk8s",
                    "to use a Kubernetes cluster you already have, leave 'k8s' out of STAGES (or add 'kubernetes' "
                            + "to skip) and put its admin.conf into the workspace", raw.get().origin().where()));
            return;
        }
        raw.ifPresent(file::add);
    }

    private static void readNodeGroup(String key, List<String> settings, JsonNode node, ConfigFile file) {
        if (node == null || !node.isObject()) {
            file.raw(settings.get(0), key, node).ifPresent(file::add);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String member = field.getKey().toLowerCase(Locale.ROOT);
            String writtenAs = key + "." + field.getKey();
            if (member.equals("count")) {
                file.raw(settings.get(0), writtenAs, field.getValue()).ifPresent(file::add);
            } else if (member.equals("type")) {
                file.raw(settings.get(1), writtenAs, field.getValue()).ifPresent(file::add);
            } else {
                file.problem(new Problem(writtenAs, ConfigFile.render(field.getValue()), "count or type",
                        Suggestions.didYouMean(field.getKey(), List.of("count", "type")),
                        Origin.file(writtenAs, file.location()).where()));
            }
        }
    }

    /**
     * STAGES lists the stages the playground runs; mayabench lists the ones it skips. A stage the playground's
     * STAGES can name but leaves out is skipped; deploy, workload and teardown have no playground stage and
     * always run.
     */
    private static void readStages(String key, JsonNode node, ConfigFile file) {
        Optional<RawValue> raw = file.raw("skip", key, node);
        if (raw.isEmpty()) {
            return;
        }
        if (raw.get().shape() == RawValue.Shape.MAPPING) {
            file.add(raw.get());
            return;
        }
        Set<StageName> skipped = new LinkedHashSet<>(PLAYGROUND_STAGES.values());
        boolean valid = true;
        for (String stage : raw.get().elements()) {
            Optional<StageName> known = Optional.ofNullable(PLAYGROUND_STAGES.get(stage.toLowerCase(Locale.ROOT)))
                    .or(() -> StageName.of(stage).filter(PLAYGROUND_STAGES::containsValue));
            if (known.isPresent()) {
                skipped.remove(known.get());
            } else {
                valid = false;
                file.problem(new Problem("STAGES", stage,
                        "playground stages " + String.join(", ", PLAYGROUND_STAGES.keySet()),
                        Suggestions.didYouMean(stage, new ArrayList<>(PLAYGROUND_STAGES.keySet())),
                        raw.get().origin().where()));
            }
        }
        if (valid) {
            file.add(RawValue.list("skip", skipped.stream().map(StageName::id).toList(), raw.get().origin()));
        }
    }

    private static Map<String, StageName> orderedStages() {
        Map<String, StageName> stages = new LinkedHashMap<>();
        stages.put("prov", StageName.PROVISION);
        stages.put("start_vpn", StageName.TUNNEL);
        stages.put("k8s", StageName.KUBERNETES);
        stages.put("prep_nodes", StageName.PREPARE_NODES);
        return stages;
    }

    /** The playground's name for a stage, for suggestions when someone writes it in {@code skip}. */
    static Optional<StageName> stageOf(String playgroundName) {
        return Optional.ofNullable(PLAYGROUND_STAGES.get(playgroundName.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, String> notUsed() {
        Map<String, String> reasons = new LinkedHashMap<>();
        String ownKey = "mayabench creates a key pair for each cluster (id_ed25519 in its workspace), so no "
                + "personal key is copied to the machines";
        reasons.put("SSH_USER", "the provisioner logs in with the user of the machine image it starts");
        reasons.put("SSH_KEY", ownKey);
        reasons.put("SSH_PUBKEY", ownKey);
        reasons.put("OS_IMAGE", "the provisioner chooses the machine image its node preparation is made for");
        reasons.put("KSPRAY_RELEASE", "mayabench's Ansible roles pin the Kubernetes installer versions");
        reasons.put("K3S_VERSION", "mayabench's Ansible roles pin the Kubernetes installer versions");
        String chart = "mayabench deploys Mayastor with its chart's io-engine resources; only the nodes' hugepages "
                + "reservation is a setting ('hugepages')";
        reasons.put("CPU_LIMIT", chart);
        reasons.put("MEMORY_LIMIT", chart);
        reasons.put("HUGEPAGES_2MI", chart);
        reasons.put("PVC", "mayabench creates one PVC per volume; use 'volumes' and 'volumeSize'");
        reasons.put("PROJECT_NAMESPACE", "mayabench chooses the namespace of its fio pods itself");
        reasons.put("RUN_FIO", "fio runs for each @Fio test, not as a deployment step");
        reasons.put("ENABLE_ISCSI", "mayabench uses NVMe-oF (protocol nvmf) only, so nodes need no iSCSI initiator");
        reasons.put("DEBUG_OUTPUT", "every stage's output is always written to logs/<stage>.log in the workspace");
        return reasons;
    }
}
