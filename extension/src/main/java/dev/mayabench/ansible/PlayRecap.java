package dev.mayabench.ansible;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The {@code PLAY RECAP} of an {@code ansible-playbook} run: per host, how many tasks were ok, changed, failed,
 * skipped, and whether it was reachable at all.
 *
 * <pre>{@code
 * PlayRecap recap = PlayRecap.parse(outputLines);
 * recap.hosts().get("storage-1").failed();   // 0
 * recap.changed();                           // false on a second, idempotent run
 * }</pre>
 *
 * @param hosts each host's counts, in the order Ansible printed them
 */
@API(status = API.Status.EXPERIMENTAL)
public record PlayRecap(Map<String, HostRecap> hosts) {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+:\\s+(.*)$");
    private static final Pattern COUNT = Pattern.compile("(\\w+)=(\\d+)");

    public PlayRecap {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /** One host's line of the recap. */
    public record HostRecap(String host, int ok, int changed, int unreachable, int failed, int skipped,
                            int rescued, int ignored) {
    }

    /** Reads the recap from the whole output; empty when the run ended before printing one. */
    public static PlayRecap parse(List<String> output) {
        Map<String, HostRecap> hosts = new LinkedHashMap<>();
        boolean inRecap = false;
        for (String line : output) {
            if (line.startsWith("PLAY RECAP")) {
                inRecap = true;
                hosts.clear();
                continue;
            }
            if (!inRecap || line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                inRecap = false;
                continue;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            Matcher c = COUNT.matcher(m.group(2));
            while (c.find()) {
                counts.put(c.group(1), Integer.parseInt(c.group(2)));
            }
            String host = m.group(1);
            hosts.put(host, new HostRecap(host, counts.getOrDefault("ok", 0), counts.getOrDefault("changed", 0),
                    counts.getOrDefault("unreachable", 0), counts.getOrDefault("failed", 0),
                    counts.getOrDefault("skipped", 0), counts.getOrDefault("rescued", 0),
                    counts.getOrDefault("ignored", 0)));
        }
        return new PlayRecap(hosts);
    }

    /** One line for a log: {@code storage-1 ok=18 changed=3 failed=0, ...}. */
    public String summary() {
        return hosts.isEmpty() ? "no hosts" : String.join(", ", hosts.values().stream()
                .map(h -> h.host() + " ok=" + h.ok() + " changed=" + h.changed() + " failed=" + h.failed())
                .toList());
    }

    /** Whether any task failed or any host was unreachable. */
    public boolean failed() {
        return hosts.values().stream().anyMatch(h -> h.failed() > 0 || h.unreachable() > 0);
    }

    /** Whether any task changed anything (false on an idempotent re-run). */
    public boolean changed() {
        return hosts.values().stream().anyMatch(h -> h.changed() > 0);
    }
}
