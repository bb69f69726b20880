package dev.mayabench.fio;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads fio's JSON output (json or json+, per job or group_reporting, or {@code --client}'s
 * {@code client_stats}) into jobs. Text before the JSON (fio's notes and warnings) is skipped. Every missing
 * or mistyped field is reported with its JSON path, every syntax error with the line and a caret under it.
 */
final class FioOutputReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL_CLIENTS = "All clients";

    private final String text;

    FioOutputReader(String text) {
        this.text = text;
    }

    /** What a parse found: the fio version and the jobs in fio's order. */
    record Parsed(String fioVersion, List<JobResult> jobs, boolean clientOutput, Optional<Double> cpuIdleness) {
    }

    Parsed read() {
        if (text == null || text.isBlank()) {
            throw new FioOutputException("fio's output is empty: fio wrote no result (did it fail? see its log)");
        }
        JsonNode root = tree();
        String version = root.path("fio version").asText("unknown");
        if (root.has("client_stats")) {
            return new Parsed(version, jobs(array(root, "client_stats"), "client_stats", true), true,
                    idleness(root));
        }
        if (!root.has("jobs")) {
            throw new FioOutputException("fio's output has neither \"jobs\" nor \"client_stats\" (fields: "
                    + fieldNames(root) + "): is this fio's --output-format=json output?");
        }
        return new Parsed(version, jobs(array(root, "jobs"), "jobs", false), false, idleness(root));
    }

    /** The JSON object of fio's output (after any text fio wrote before it), also for parts the parse keeps not. */
    JsonNode tree() {
        int start = jsonStart();
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(start));
        } catch (JsonProcessingException e) {
            throw new FioOutputException("fio's output is not valid JSON: " + e.getOriginalMessage() + "\n"
                    + excerpt(e.getLocation(), start), e);
        }
        if (root == null || !root.isObject()) {
            throw new FioOutputException("fio's output does not hold a JSON object at " + lineOf(start)
                    + ": expected fio --output-format=json or json+");
        }
        return root;
    }

    /** {@code cpu_idleness.system} of {@code --idle-prof}: how idle the CPUs were, percent. */
    private static Optional<Double> idleness(JsonNode root) {
        JsonNode system = root.path("cpu_idleness").path("system");
        return system.isNumber() ? Optional.of(system.asDouble()) : Optional.empty();
    }

    private List<JobResult> jobs(JsonNode array, String path, boolean clients) {
        List<JobResult> jobs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode job = array.get(i);
            String at = path + "[" + i + "]";
            String name = text(job, "jobname", at);
            if (clients && ALL_CLIENTS.equals(name)) {
                continue; // fio's own sum of the clients, without histograms; we aggregate from the clients
            }
            Optional<String> host = job.hasNonNull("hostname") ? Optional.of(job.get("hostname").asText())
                    : Optional.empty();
            String scope = host.map(h -> name + "@" + h).orElse(name);
            CpuUsage cpu = new CpuUsage(job.path("usr_cpu").asDouble(0), job.path("sys_cpu").asDouble(0),
                    job.path("ctx").asLong(0));
            Optional<SteadyState> steady = job.has("steadystate")
                    ? Optional.of(SteadyState.read(job.get("steadystate"), at + ".steadystate")) : Optional.empty();
            jobs.add(new JobResult(name, host, stats(job, "read", at, scope), stats(job, "write", at, scope), cpu,
                    steady));
        }
        if (jobs.isEmpty()) {
            throw new FioOutputException("fio's output lists no jobs (" + path + " is empty)");
        }
        return jobs;
    }

    private IoStats stats(JsonNode job, String direction, String at, String scope) {
        String path = at + "." + direction;
        JsonNode d = object(job, direction, at);
        long totalIos = number(d, "total_ios", path).longValue();
        JsonNode clat = object(d, "clat_ns", path);
        Map<Double, Long> percentiles = new HashMap<>();
        JsonNode list = clat.path("percentile");
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                percentiles.put(Double.parseDouble(e.getKey()), e.getValue().asLong());
            } catch (NumberFormatException notAPercentile) {
                throw new FioOutputException("fio's output has a percentile key '" + e.getKey() + "' at " + path
                        + ".clat_ns.percentile that is not a number");
            }
        }
        LatencyHistogram histogram = null;
        if (clat.has("bins")) {
            Map<Long, Long> bins = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = clat.get("bins").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    bins.put(Long.parseLong(e.getKey()), e.getValue().asLong());
                } catch (NumberFormatException notABucket) {
                    throw new FioOutputException("fio's output has a histogram bucket '" + e.getKey() + "' at "
                            + path + ".clat_ns.bins that is not a number of nanoseconds");
                }
            }
            histogram = new LatencyHistogram(bins);
        }
        return new IoStats(direction, scope,
                number(d, "iops", path).doubleValue(),
                number(d, "bw", path).longValue(),
                number(d, "io_bytes", path).longValue(),
                totalIos,
                number(d, "runtime", path).longValue(),
                number(object(d, "lat_ns", path), "mean", path + ".lat_ns").doubleValue(),
                percentiles, histogram,
                "fio wrote no latency histogram (clat_ns.bins) for " + scope
                        + ": use --output-format=json+ (mayabench does) or add the percentile to percentile_list");
    }

    private int jsonStart() {
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("{")) {
                return offset + (line.length() - line.stripLeading().length());
            }
            offset += line.length() + 1;
        }
        String first = text.strip().lines().findFirst().orElse("");
        throw new FioOutputException("no JSON object in fio's output (expected --output-format=json or json+); "
                + "it begins with: '" + shorten(first) + "'");
    }

    private String lineOf(int offset) {
        return "line " + (text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1);
    }

    /** The line of the original text where the JSON broke, with a caret under the column. */
    private String excerpt(JsonLocation location, int start) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        long skipped = text.substring(0, start).chars().filter(c -> c == '\n').count();
        long lineNumber = skipped + location.getLineNr();
        String[] lines = text.split("\n", -1);
        if (lineNumber > lines.length) {
            return "at the end of the output (line " + lines.length + "): the JSON is cut off";
        }
        String line = lines[(int) lineNumber - 1];
        int column = Math.max(1, location.getColumnNr());
        if (location.getLineNr() == 1) {
            column += start - text.lastIndexOf('\n', start - 1) - 1;
        }
        int from = Math.max(0, column - 40);
        int to = Math.min(line.length(), column + 40);
        String shown = line.substring(from, Math.max(from, to));
        return "at line " + lineNumber + ", column " + column + ":\n  " + shown + "\n  "
                + " ".repeat(Math.max(0, column - 1 - from)) + "^";
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new FioOutputException("fio's output: \"" + field + "\" should be an array but is "
                    + (value == null ? "missing" : value.getNodeType().toString().toLowerCase()));
        }
        return value;
    }

    private static JsonNode object(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new FioOutputException("fio's output: " + at + "." + field + " should be an object but is "
                    + (value == null ? "missing" : value.toString()));
        }
        return value;
    }

    /** {@code node.field} as a number, or a {@link FioOutputException} naming its JSON path. */
    static Number number(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new FioOutputException("fio's output: " + at + "." + field + " should be a number but is "
                    + (value == null ? "missing" : value.toString()));
        }
        return value.numberValue();
    }

    /** {@code node.field} as text, or a {@link FioOutputException} naming its JSON path. */
    static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new FioOutputException("fio's output: " + at + "." + field + " should be text but is "
                    + (value == null ? "missing" : value.toString()));
        }
        return value.asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
