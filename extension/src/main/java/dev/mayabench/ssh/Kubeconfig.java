package dev.mayabench.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mayabench.stage.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the workspace's {@code admin.conf} pointing at the tunnel: the local port of the API forward changes
 * with every run, so a kept cluster's kubeconfig is rewritten when the tunnel opens (as a secret, 0600).
 */
final class Kubeconfig {

    static final String FILE = "admin.conf";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Kubeconfig() {
    }

    /** Sets every cluster's {@code server} to {@code url}; false when there is no {@code admin.conf} yet. */
    static boolean pointAt(Workspace workspace, String url) {
        Path file = workspace.file(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try {
            JsonNode config = YAML.readTree(file.toFile());
            for (JsonNode cluster : config.path("clusters")) {
                if (cluster.path("cluster") instanceof ObjectNode entry) {
                    entry.put("server", url);
                }
            }
            workspace.writeSecret(FILE, YAML.writeValueAsBytes(config));
            return true;
        } catch (IOException e) {
            // the parser's message may quote the file, and a kubeconfig holds client keys: say only what failed
            throw new UncheckedIOException(new IOException("cannot point " + file + " at " + url + ": it is not "
                    + "a readable YAML kubeconfig; fetch it again by running the kubernetes stage"));
        }
    }
}
