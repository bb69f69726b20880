package dev.mayabench.kube;

import dev.mayabench.report.AllureReporter;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a failed wait leaves for the person reading the report: each involved object as YAML (its status says
 * most), the events that name it, and for pods the end of their log. Written to one file under the workspace's
 * {@code logs/evidence/} and attached to the report; collecting never hides the original failure (what cannot
 * be read is named in the file instead).
 *
 * <pre>{@code
 * String where = Evidence.of(client, dir).collect("pvc-unbound", List.of(() -> pvc), List.of());
 * }</pre>
 */
final class Evidence {

    private static final int LOG_LINES = 60;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss");

    private final KubernetesClient client;
    private final Path directory;

    private Evidence(KubernetesClient client, Path directory) {
        this.client = client;
        this.directory = directory;
    }

    static Evidence of(KubernetesClient client, Path directory) {
        return new Evidence(Objects.requireNonNull(client), Objects.requireNonNull(directory));
    }

    /**
     * Collects the evidence of the objects (fetched fresh) and the logs of the named pods.
     *
     * @return the file written, and the newest warning event, for the exception message
     */
    String collect(String label, List<Supplier<? extends HasMetadata>> objects, List<PodRef> podLogs) {
        StringBuilder text = new StringBuilder();
        String lastWarning = null;
        // one list of events per namespace, however many of its objects are in the evidence
        Map<String, List<Event>> eventsByNamespace = new HashMap<>();
        for (Supplier<? extends HasMetadata> fetch : objects) {
            HasMetadata object;
            try {
                object = fetch.get();
            } catch (KubernetesClientException e) {
                text.append("# cannot read an object: ").append(e.getMessage()).append("\n\n");
                continue;
            }
            if (object == null) {
                text.append("# an object is gone (deleted, or never created)\n\n");
                continue;
            }
            String id = object.getKind() + " " + object.getMetadata().getName();
            text.append("# ").append(id).append("\n").append(Serialization.asYaml(object)).append("\n");
            List<Event> events = events(object, eventsByNamespace);
            text.append("# events of ").append(id).append(events.isEmpty() ? ": none\n" : "\n");
            for (Event e : events) {
                String line = e.getType() + " " + e.getReason() + ": " + e.getMessage();
                text.append("  ").append(line).append("\n");
                if ("Warning".equals(e.getType())) {
                    lastWarning = id + ": " + line;
                }
            }
            text.append("\n");
        }
        for (PodRef pod : podLogs) {
            text.append("# log of pod ").append(pod.name()).append(" (last ").append(LOG_LINES).append(" lines)\n");
            try {
                String log = client.pods().inNamespace(pod.namespace()).withName(pod.name()).getLog();
                text.append(tail(log == null ? "" : log)).append("\n");
            } catch (KubernetesClientException e) {
                text.append("  cannot read it: ").append(e.getMessage()).append("\n");
            }
        }
        Path file = directory.resolve(label + "-" + LocalTime.now().format(STAMP) + ".txt");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not write the evidence file " + file + ": " + e.getMessage() + ")";
        }
        AllureReporter.attachText("evidence: " + label, "text/plain", "txt", text.toString());
        return file + (lastWarning == null ? "" : " (last warning: " + lastWarning + ")");
    }

    private List<Event> events(HasMetadata object, Map<String, List<Event>> eventsByNamespace) {
        String namespace = object.getMetadata().getNamespace();
        try {
            List<Event> all = eventsByNamespace.computeIfAbsent(namespace == null ? "" : namespace, ns -> ns.isEmpty()
                    ? client.v1().events().inAnyNamespace().list().getItems()
                    : client.v1().events().inNamespace(ns).list().getItems());
            List<Event> mine = new ArrayList<>();
            for (Event e : all) {
                if (e.getInvolvedObject() != null && object.getMetadata().getName().equals(e.getInvolvedObject().getName())
                        && object.getKind().equals(e.getInvolvedObject().getKind())) {
                    mine.add(e);
                }
            }
            mine.sort(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()));
            return mine;
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n", -1);
        int from = Math.max(0, lines.length - LOG_LINES);
        StringBuilder out = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            out.append("  ").append(lines[i]).append("\n");
        }
        return out.toString();
    }

    /** A pod whose log belongs in the evidence. */
    record PodRef(String namespace, String name) {
    }
}
