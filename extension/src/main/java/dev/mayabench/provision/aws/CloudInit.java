package dev.mayabench.provision.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud-init user data of one instance: it installs the host key generated for that instance (so the
 * executor's {@code known_hosts} is right before the first connection) and stops cloud-init from generating
 * others. The text holds a private key: it goes to EC2 only, never to a log or the workspace.
 *
 * <pre>{@code
 * String userData = CloudInit.withHostKey(hostKey).base64();
 * }</pre>
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public record CloudInit(String text) {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a key line stays one line, as in authorized_keys, for whoever reads the user data
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    static CloudInit withHostKey(OpenSshKeyPair hostKey) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("ed25519_private", hostKey.privateKey());
        keys.put("ed25519_public", hostKey.publicKey());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ssh_deletekeys", true);
        config.put("ssh_genkeytypes", List.of());
        config.put("ssh_keys", keys);
        return of(config);
    }

    /**
     * For a cloud that keeps the user data with the machine's model (Azure's customData): only the login key for the
     * default user (on Azure the VM's admin user), no private key; the machine makes its own host keys and prints
     * them to the serial console, cloud-init's default kept on explicitly ({@code ssh: emit_keys_to_console};
     * canonical/cloud-init cloudinit/config/cc_keys_to_console.py), where they are pinned from.
     */
    public static CloudInit withLoginKey(OpenSshKeyPair login) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ssh_authorized_keys", List.of(login.publicKeyLine()));
        config.put("ssh", Map.of("emit_keys_to_console", true));
        return of(config);
    }

    private static CloudInit of(Map<String, Object> config) {
        try {
            return new CloudInit("#cloud-config\n" + YAML.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write cloud-init YAML", e);
        }
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "CloudInit[host key, " + text.length() + " characters]";
    }
}
