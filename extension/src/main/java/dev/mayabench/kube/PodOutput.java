package dev.mayabench.kube;

import dev.mayabench.fio.PodTimelines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What a fio pod printed after fio ended, read back from its log: fio's JSON output after the line
 * {@value FioPod#MARKER}, and before it fio's interval logs, each after a line
 * {@code === mayabench fio log <file> <encoding> ===}, its text either as is ({@value #TEXT}) or gzip-compressed
 * and base64-encoded ({@value #GZIP}, when the image has {@code gzip} and {@code base64}).
 *
 * <p>Why through the log, and why compressed: the log is how the JSON already comes back, through the API server,
 * on every cluster and in the simulator alike; the alternative, keeping the container alive until the files are
 * read with {@code exec cat}, needs a WebSocket exec channel and a second way for the pod to end. But the kubelet
 * rotates a container's log at {@code containerLogMaxSize}, 10Mi by default (kubernetes
 * {@code pkg/kubelet/apis/config/v1beta1/defaults.go}: {@code obj.ContainerLogMaxSize = "10Mi"}), and the log API
 * serves only the current file, so what was printed before a rotation is gone. A histogram log line holds
 * 1856 bins: measured with fio 3.33 here, 8 jobs of randrw for 6 s wrote 487 KB of logs (5 lines per job and
 * direction), which makes about 5.8 MB for 60 s and more than 10 MiB from about 110 s on, plain; gzip and base64
 * made the same logs 63 KB (7.7x smaller; about 0.75 MB for 60 s). The logs come before the JSON so that a log cut
 * by rotation loses the timeline rather than the result; a pod whose logs came back incomplete gets none (see
 * {@link #intervalLogs()}).
 *
 * <pre>{@code
 * PodOutput output = PodOutput.of(client.pods().inNamespace(ns).withName(pod).getLog());
 * String json = output.json().orElseThrow();
 * Map<String, byte[]> logs = output.intervalLogs();   // "fio_iops.1.log" -> its text
 * }</pre>
 */
final class PodOutput {

    static final String LOG_MARKER = "=== mayabench fio log ";
    static final String TEXT = "text";
    static final String GZIP = "gzip+base64";
    private static final String ANY_MARKER = "=== mayabench ";

    private final String log;

    private PodOutput(String log) {
        this.log = log == null ? "" : log;
    }

    static PodOutput of(String log) {
        return new PodOutput(log);
    }

    /** fio's JSON output: everything after the marker line; empty when the pod printed none. */
    Optional<String> json() {
        int at = log.indexOf(FioPod.MARKER);
        return at < 0 ? Optional.empty() : Optional.of(log.substring(at + FioPod.MARKER.length()).trim());
    }

    /**
     * The interval logs by their name in the pod ({@code fio_iops.1.log}, ...), decoded, in the order printed.
     *
     * @throws IllegalStateException when a log's section is not what the pod's script prints (a name that is not
     *                               an interval log, an unknown encoding, a cut or corrupt compressed text): all
     *                               or nothing, as a timeline that misses one job's log would understate the sums
     */
    Map<String, byte[]> intervalLogs() {
        Map<String, byte[]> logs = new LinkedHashMap<>();
        int end = log.indexOf(FioPod.MARKER);
        List<String> lines = (end < 0 ? log : log.substring(0, end)).lines().toList();
        String name = null;
        String encoding = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith(ANY_MARKER)) {
                if (name != null) {
                    logs.put(name, decode(name, encoding, body.toString()));
                    name = null;
                }
                if (line.startsWith(LOG_MARKER)) {
                    String[] header = line.substring(LOG_MARKER.length()).replaceAll("\\s*===\\s*$", "").split(" ");
                    if (header.length != 2 || !PodTimelines.isPodLog(header[0])
                            || !(header[1].equals(TEXT) || header[1].equals(GZIP))) {
                        throw new IllegalStateException("the line '" + line + "' does not name an interval log of "
                                + "fio (fio_iops|bw|clat_hist.<n>.log) and an encoding (" + TEXT + " or " + GZIP
                                + ")");
                    }
                    if (logs.containsKey(header[0])) {
                        throw new IllegalStateException("the interval log " + header[0] + " is printed twice");
                    }
                    name = header[0];
                    encoding = header[1];
                    body.setLength(0);
                }
                continue;
            }
            if (name != null) {
                body.append(line).append('\n');
            }
        }
        if (name != null) {
            logs.put(name, decode(name, encoding, body.toString()));
        }
        return logs;
    }

    private static byte[] decode(String name, String encoding, String body) {
        if (encoding.equals(TEXT)) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getMimeDecoder().decode(body.strip())))) {
            return in.readAllBytes();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the interval log " + name + " (" + GZIP + ") does not decode: "
                    + e.getMessage(), e);
        }
    }
}
