package dev.mayabench.provision.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.mayabench.provision.aws.ProvisioningException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VM's SSH host keys as cloud-init prints them to the serial console at first boot, read from the boot diagnostics'
 * serial log: the keys are pinned from what the machine itself reported before anyone connected, never trusted on
 * first use. cloud-init's {@code write-ssh-key-fingerprints} prints {@code -----BEGIN SSH HOST KEY KEYS-----}, the
 * {@code .pub} files and {@code -----END SSH HOST KEY KEYS-----} through {@code logger -p user.info --stderr -t ec2}
 * (canonical/cloud-init tools/write-ssh-key-fingerprints; fixtures/azure-facts.md section 3). Captures show the
 * console wrapping long lines at 80 columns, the continuation without logger's prefix (observed, not specified).
 *
 * <pre>{@code
 * List<String> keys = SerialLogHostKeys.parse(serialLog);   // ["ssh-ed25519 AAAA...", "ecdsa-sha2-nistp256 AAAA..."]
 * }</pre>
 */
final class SerialLogHostKeys {

    static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    static final String END = "-----END SSH HOST KEY KEYS-----";
    /** logger's syslog prefix: {@code <14>Dec  3 16:00:00 ec2: } (priority, date, tag). */
    private static final Pattern PREFIX = Pattern.compile("^<\\d+>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+: ");
    private static final Pattern KEY = Pattern.compile(
            "^(ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|ssh-rsa) (AAAA[A-Za-z0-9+/]+=*)(?: .*)?$");

    private final ArmClients arm;
    private final Duration poll;
    private final Consumer<String> progress;

    SerialLogHostKeys(ArmClients arm, Duration poll, Consumer<String> progress) {
        this.arm = arm;
        this.poll = poll;
        this.progress = progress;
    }

    /** The keys of the (last) complete KEYS block of a serial log; empty while the block is not there yet. */
    static Optional<List<String>> parse(String serialLog) {
        int end = serialLog.lastIndexOf(END);
        int begin = end < 0 ? -1 : serialLog.lastIndexOf(BEGIN, end);
        if (begin < 0) {
            return Optional.empty();
        }
        String[] physical = serialLog.substring(begin + BEGIN.length(), end).split("\r?\n");
        boolean prefixed = false;
        for (String line : physical) {
            prefixed |= PREFIX.matcher(line).find();
        }
        List<String> logical = new ArrayList<>();
        for (String line : physical) {
            Matcher prefix = PREFIX.matcher(line);
            if (prefix.find() || !prefixed || logical.isEmpty()) {
                logical.add(prefix.replaceFirst(""));
            } else {
                logical.set(logical.size() - 1, logical.get(logical.size() - 1) + line);
            }
        }
        List<String> keys = new ArrayList<>();
        for (String line : logical) {
            Matcher key = KEY.matcher(line.strip());
            if (key.matches()) {
                keys.add(key.group(1) + " " + key.group(2));
            }
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(keys));
    }

    /** Reads the VM's serial log until its KEYS block appears, or fails at the deadline with what it saw. */
    List<String> await(String group, String vm, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        long start = System.nanoTime();
        int looks = 0;
        while (true) {
            looks++;
            String uri = arm.compute().serviceClient().getVirtualMachines()
                    .retrieveBootDiagnosticsData(group, vm).serialConsoleLogBlobUri();
            String log = fetch(uri);
            Optional<List<String>> keys = parse(log);
            if (keys.isPresent()) {
                progress.accept(vm + ": " + keys.get().size() + " host key(s) from the serial log after "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
                return keys.get();
            }
            if (System.nanoTime() > until) {
                throw new ProvisioningException(vm + " did not print its SSH host keys to the serial console within "
                        + deadline.toSeconds() + " s (" + looks + " looks at the boot diagnostics); the machine may "
                        + "not have booted: see its serial log in the portal (Boot diagnostics)", null);
            }
            if (looks % 10 == 0) {
                progress.accept("still waiting for " + vm + "'s host keys in its serial log ("
                        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting for " + vm + "'s host keys", e);
            }
        }
    }

    /** The blob behind the SAS URL: a plain GET with no ARM token (the signature is in the URL). */
    private String fetch(String uri) {
        try (HttpResponse response = arm.http().sendSync(new HttpRequest(HttpMethod.GET, uri), Context.NONE)) {
            if (response.getStatusCode() != 200) {
                // the SAS URL is a credential: never logged
                throw new ProvisioningException("reading a serial log answered HTTP " + response.getStatusCode(),
                        null);
            }
            return response.getBodyAsBinaryData().toString();
        }
    }
}
