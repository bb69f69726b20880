package dev.mayabench.provision.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mayabench.provision.aws.OpenSshKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud-init {@code customData} of an Azure VM: the per-cluster login key for the admin user, and cloud-init's
 * default of printing the host keys to the serial console kept on explicitly ({@code ssh: emit_keys_to_console}),
 * because that is where {@link SerialLogHostKeys} pins them from (canonical/cloud-init
 * cloudinit/config/cc_keys_to_console.py). Unlike the aws provider's user data it holds no private key: Azure keeps
 * customData with the VM model, so the machine generates its own host keys.
 *
 * <pre>{@code
 * String customData = AzureCloudInit.withLoginKey(login).base64();
 * }</pre>
 */
record AzureCloudInit(String text) {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a key line stays one line, as in authorized_keys, for whoever reads the customData
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    static AzureCloudInit withLoginKey(OpenSshKeyPair login) {
        Map<String, Object> config = new LinkedHashMap<>();
        // for the default user, which on Azure is the VM's admin user (osProfile.adminUsername)
        config.put("ssh_authorized_keys", List.of(login.publicKeyLine()));
        config.put("ssh", Map.of("emit_keys_to_console", true));
        try {
            return new AzureCloudInit("#cloud-config\n" + YAML.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write cloud-init YAML", e);
        }
    }

    String base64() {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
