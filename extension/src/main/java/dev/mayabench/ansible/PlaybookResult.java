package dev.mayabench.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What an {@code ansible-playbook} run ended with: its exit code, its {@link PlayRecap} and the tasks that
 * failed, each with its host and Ansible's reason.
 *
 * <pre>{@code
 * PlaybookResult result = PlaybookResult.of(0, outputLines);
 * result.recap().changed();
 * }</pre>
 *
 * @param exitCode ansible-playbook's exit code
 * @param recap    the play recap
 * @param failures the failed tasks, in the order they failed
 */
@API(status = API.Status.EXPERIMENTAL)
public record PlaybookResult(int exitCode, PlayRecap recap, List<TaskFailure> failures) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK = Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.*)] \\**\\s*$");
    private static final Pattern FAILURE = Pattern.compile(
            "^(fatal|failed): \\[([^]]+)](?: \\(item=.*\\))?: (FAILED|UNREACHABLE)! => (\\{.*)$");
    private static final Pattern FAILED_ITEM = Pattern.compile(
            "^failed: \\[([^]]+)] \\((item=.*)\\) => (\\{.*)$");

    public PlaybookResult {
        failures = List.copyOf(failures);
    }

    /**
     * One failed task.
     *
     * @param host        the inventory host
     * @param task        the task's name
     * @param reason      Ansible's {@code msg} (and the command's stderr, when there is one)
     * @param unreachable whether the host could not be reached at all (SSH failed)
     */
    public record TaskFailure(String host, String task, String reason, boolean unreachable) {
    }

    /** Reads a run's output (the default callback's): the recap and every failed task. */
    public static PlaybookResult of(int exitCode, List<String> output) {
        List<TaskFailure> failures = new ArrayList<>();
        String task = "(before the first task)";
        for (int i = 0; i < output.size(); i++) {
            String line = output.get(i);
            Matcher t = TASK.matcher(line);
            if (t.matches()) {
                task = t.group(1);
                continue;
            }
            Matcher f = FAILURE.matcher(line);
            if (f.matches()) {
                failures.add(new TaskFailure(f.group(2), task, reason(json(f.group(4), output, i)),
                        f.group(3).equals("UNREACHABLE")));
                continue;
            }
            Matcher item = FAILED_ITEM.matcher(line);
            if (item.matches()) {
                failures.add(new TaskFailure(item.group(1), task,
                        item.group(2) + ": " + reason(json(item.group(3), output, i)), false));
            }
        }
        return new PlaybookResult(exitCode, PlayRecap.parse(output), failures);
    }

    /**
     * The result JSON that starts on line {@code start}: Ansible prints small results on that line and larger
     * ones (an assert's, say) indented over the lines that follow, up to a closing brace of its own.
     */
    private static String json(String first, List<String> output, int start) {
        if (!first.strip().equals("{")) {
            return first;
        }
        StringBuilder json = new StringBuilder(first);
        for (int i = start + 1; i < output.size() && i < start + 2_000; i++) {
            json.append('\n').append(output.get(i));
            if (output.get(i).equals("}")) {
                break;
            }
        }
        return json.toString();
    }

    private static String reason(String json) {
        try {
            JsonNode result = JSON.readTree(json);
            String msg = result.path("msg").asText("");
            String stderr = result.path("stderr").asText("").strip();
            if (!stderr.isEmpty() && !msg.contains(stderr)) {
                msg = (msg.isEmpty() ? "" : msg + ": ") + stderr;
            }
            return msg.isEmpty() ? json : msg.strip();
        } catch (IOException notJson) {
            return json;
        }
    }

    /** Whether the run finished with every host reached and no task failed. */
    public boolean succeeded() {
        return exitCode == 0 && !recap.failed();
    }
}
