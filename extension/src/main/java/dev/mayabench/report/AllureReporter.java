package dev.mayabench.report;

import static io.qameta.allure.junitplatform.AllureJunitPlatform.ALLURE_FIXTURE;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.EVENT_FAILURE;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.EVENT_START;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.EVENT_STOP;
import static io.qameta.allure.junitplatform.AllureJunitPlatform.PREPARE;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.ResultsUtils;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Writes mayabench's part of the Allure report: steps with timing, attachments, and the class-level
 * "set up" fixture that holds the cluster's stages.
 *
 * <p>Steps and attachments need a running Allure test case or fixture; outside one (a run without the Allure
 * listener, e.g. through {@code EngineTestKit}) they are not recorded and the work simply runs, instead of
 * Allure logging an error per call.
 *
 * <p>The cluster is built in {@code beforeAll}, where Allure has no test case. The Allure JUnit Platform
 * listener turns report entries with the {@code allure.fixture} key into a fixture of the class's container
 * (that is how allure-jupiter reports {@code @BeforeAll} methods), so the stages show up in every test's
 * "Set up" section, with their durations.
 *
 * <pre>{@code
 * AllureReporter.fixture(context, "cluster 'demo' (local)", () -> pipeline.setUp());
 * AllureReporter.step("fio randread-4k", () -> run(job));
 * AllureReporter.attach("job file", "text/plain", "fio", jobText.getBytes(UTF_8));
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class AllureReporter {

    private AllureReporter() {
    }

    /** A piece of work to report. */
    @FunctionalInterface
    public interface Body<T> {
        T run() throws Exception;
    }

    /** Whether an Allure test case, fixture or step is running on this thread. */
    public static boolean recording() {
        return Allure.getLifecycle().getCurrentTestCaseOrStep().isPresent();
    }

    /** Runs {@code body} as an Allure step (nested in the current one), with its duration and outcome. */
    public static <T> T step(String name, Body<T> body) throws Exception {
        if (!recording()) {
            return body.run();
        }
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String uuid = UUID.randomUUID().toString();
        lifecycle.startStep(uuid, new StepResult().setName(name));
        try {
            T value = body.run();
            lifecycle.updateStep(uuid, s -> s.setStatus(Status.PASSED));
            return value;
        } catch (Exception | Error e) {
            lifecycle.updateStep(uuid, s -> s.setStatus(ResultsUtils.getStatus(e).orElse(Status.BROKEN))
                    .setStatusDetails(ResultsUtils.getStatusDetails(e).orElse(new StatusDetails())));
            throw e;
        } finally {
            lifecycle.stopStep(uuid);
        }
    }

    /** A step that did not run, e.g. a skipped stage, shown with its reason. */
    public static void skippedStep(String name, String reason) {
        if (!recording()) {
            return;
        }
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String uuid = UUID.randomUUID().toString();
        lifecycle.startStep(uuid, new StepResult().setName(name + " — skipped: " + reason)
                .setStatus(Status.SKIPPED)
                .setStatusDetails(new StatusDetails().setMessage(reason)));
        lifecycle.stopStep(uuid);
    }

    /** Attaches content to the current step or test. */
    public static void attach(String name, String mimeType, String extension, byte[] content) {
        if (recording()) {
            Allure.getLifecycle().addAttachment(name, mimeType, extension, content);
        }
    }

    /**
     * Adds a parameter to the current step (shown in the step's header); nothing outside a step, since a test
     * case's parameters are part of Allure's history id and would split its history.
     */
    public static void stepParameter(String name, String value) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        java.util.Optional<String> current = lifecycle.getCurrentTestCaseOrStep();
        if (current.isEmpty() || current.equals(lifecycle.getCurrentTestCase())) {
            return;
        }
        lifecycle.updateStep(current.get(), step -> step.getParameters()
                .add(new io.qameta.allure.model.Parameter().setName(name).setValue(value)));
    }

    /** Adds a tag to the current test, shown beside its name in the report. */
    public static void tag(String tag) {
        if (recording()) {
            Allure.getLifecycle().updateTestCase(test -> test.getLabels()
                    .add(new io.qameta.allure.model.Label().setName("tag").setValue(tag)));
        }
    }

    /**
     * Records a failure that belongs to no test as a result of its own, in suite {@code suite}: a cluster whose
     * teardown failed or left resources behind ends the run after every test has finished, and a report that
     * only had the log would hide what is still there (and still costs money). Shown as broken, so it lands in
     * the category its exception's type puts it in ("Infrastructure failures" for a stage), with the attachments
     * (e.g. the stage log).
     */
    public static void failureOutsideTests(String name, String suite, Throwable failure,
                                           Map<String, String> attachments) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(name).setFullName(suite + ": " + name)
                .setHistoryId(suite + ": " + name).setStatus(Status.BROKEN)
                .setStatusDetails(ResultsUtils.getStatusDetails(failure)
                        .orElse(new StatusDetails().setMessage(failure.toString())))
                .setLabels(new java.util.ArrayList<>(java.util.List.of(ResultsUtils.createSuiteLabel(suite),
                        ResultsUtils.createFrameworkLabel("mayabench")))));
        lifecycle.startTestCase(uuid);
        attachments.forEach((title, text) -> lifecycle.addAttachment(title, "text/plain", "txt",
                text.getBytes(StandardCharsets.UTF_8)));
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);
    }

    /** Attaches text to the current step or test. */
    public static void attachText(String name, String mimeType, String extension, String content) {
        attach(name, mimeType, extension, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code body} as a "set up" fixture of the class {@code context} belongs to. Outside the Allure
     * listener the report entries are inert, so this is safe everywhere.
     */
    public static <T> T fixture(ExtensionContext context, String name, Body<T> body) throws Exception {
        String uuid = UUID.randomUUID().toString();
        Map<String, String> start = new HashMap<>();
        start.put(ALLURE_FIXTURE, PREPARE);
        start.put("event", EVENT_START);
        start.put("uuid", uuid);
        start.put("name", name);
        context.publishReportEntry(start);
        try {
            T value = body.run();
            context.publishReportEntry(Map.of(ALLURE_FIXTURE, PREPARE, "event", EVENT_STOP, "uuid", uuid));
            return value;
        } catch (Exception | Error e) {
            Map<String, String> failure = new HashMap<>();
            failure.put(ALLURE_FIXTURE, PREPARE);
            failure.put("event", EVENT_FAILURE);
            failure.put("uuid", uuid);
            failure.put("status", ResultsUtils.getStatus(e).orElse(Status.BROKEN).value());
            String message = e.getMessage();
            failure.put("message", message == null || message.isBlank() ? e.getClass().getName() : message);
            context.publishReportEntry(failure);
            throw e;
        }
    }
}
