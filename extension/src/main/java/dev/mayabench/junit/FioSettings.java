package dev.mayabench.junit;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.Precondition;
import dev.mayabench.fio.SteadyStateCriterion;
import dev.mayabench.fio.Threshold;
import dev.mayabench.fio.ThresholdSyntaxException;
import dev.mayabench.fio.VolumeMode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Turns the {@link Fio} annotations of a test (class-level, then method-level, attribute by attribute) and
 * the {@code fio.*} configuration into one {@link FioJob}, keeping where every value came from so an error
 * names the exact attribute or property to change. Precedence, later wins: profile &lt; class {@code @Fio}
 * &lt; method {@code @Fio} &lt; {@code mayabench.yaml} &lt; system properties &lt; environment.
 */
final class FioSettings {

    static final String DEFAULT_PROFILE = "randread-4k";
    static final int MAX_REPEAT = 100;

    private final Map<String, SourcedValue> values;
    private final List<SourcedValue> expect;

    private FioSettings(Map<String, SourcedValue> values, List<SourcedValue> expect) {
        this.values = values;
        this.expect = List.copyOf(expect);
    }

    static FioSettings of(Optional<Fio> onClass, Optional<Fio> onMethod, Class<?> testClass, Method method,
                          Map<String, SourcedValue> configured) {
        Map<String, SourcedValue> values = new LinkedHashMap<>();
        onClass.ifPresent(fio -> values.putAll(attributes(fio, "on " + testClass.getSimpleName())));
        onMethod.ifPresent(fio -> values.putAll(attributes(fio,
                "on " + testClass.getSimpleName() + "#" + method.getName())));
        values.putAll(configured);
        List<SourcedValue> expect = new ArrayList<>();
        onClass.ifPresent(fio -> expect.addAll(expectations(fio, "on " + testClass.getSimpleName())));
        onMethod.ifPresent(fio -> expect.addAll(expectations(fio,
                "on " + testClass.getSimpleName() + "#" + method.getName())));
        return new FioSettings(values, expect);
    }

    /** The threshold expressions of one annotation, each with where it is written. */
    static List<SourcedValue> expectations(Fio fio, String where) {
        List<SourcedValue> expect = new ArrayList<>();
        for (int i = 0; i < fio.expect().length; i++) {
            expect.add(new SourcedValue(fio.expect()[i], "@Fio(expect[" + i + "]) " + where));
        }
        return expect;
    }

    /**
     * Every threshold expression on a test class and its methods, parsed; all malformed ones are reported at
     * once, each naming where it is written and the position of the problem.
     *
     * @throws ConfigurationException listing every malformed expression
     */
    static void checkExpectations(Class<?> testClass) {
        List<SourcedValue> all = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            String where = "on " + c.getSimpleName();
            AnnotationSupport.findAnnotation(c, Fio.class).ifPresent(fio -> all.addAll(expectations(fio, where)));
        }
        for (Method method : ReflectionSupport.findMethods(testClass, m -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            AnnotationSupport.findAnnotation(method, Fio.class).ifPresent(fio -> all.addAll(expectations(fio,
                    "on " + testClass.getSimpleName() + "#" + method.getName())));
        }
        List<Problem> problems = new ArrayList<>();
        for (SourcedValue expression : all) {
            try {
                Threshold.parse(expression.value());
            } catch (ThresholdSyntaxException e) {
                problems.add(new Problem(expression.origin(), expression.value(),
                        "a threshold such as \"read.iops >= 200k\" or \"read.p99 < 2ms\"", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** Files or a raw block device; {@code filesystem} unless set. */
    VolumeMode volumeMode() {
        SourcedValue mode = values.get("volumeMode");
        if (mode == null) {
            return VolumeMode.FILESYSTEM;
        }
        String value = mode.value().trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "filesystem", "fs", "file" -> VolumeMode.FILESYSTEM;
            case "block", "raw" -> VolumeMode.BLOCK;
            default -> throw new ConfigurationException(new Problem(mode.origin(), mode.value(),
                    "filesystem or block", value.startsWith("b") ? "did you mean 'block'?" : "use filesystem "
                    + "(files in a directory) or block (a raw device)"));
        };
    }

    /** The thresholds of this test: the class's, then the method's. */
    List<Threshold> thresholds() {
        return expect.stream().map(e -> Threshold.parse(e.value())).toList();
    }

    /** The attributes the user set (unset ones are "" or {@link Fio#UNSET}), keyed by attribute name. */
    static Map<String, SourcedValue> attributes(Fio fio, String where) {
        Map<String, SourcedValue> set = new LinkedHashMap<>();
        text(set, "profile", fio.profile(), where);
        text(set, "jobFile", fio.jobFile(), where);
        text(set, "rw", fio.rw(), where);
        text(set, "bs", fio.bs(), where);
        number(set, "iodepth", fio.iodepth(), where);
        number(set, "numjobs", fio.numjobs(), where);
        text(set, "runtime", fio.runtime(), where);
        text(set, "rampTime", fio.rampTime(), where);
        text(set, "size", fio.size(), where);
        number(set, "rwmixread", fio.rwmixread(), where);
        text(set, "ioengine", fio.ioengine(), where);
        number(set, "direct", fio.direct(), where);
        number(set, "repeat", fio.repeat(), where);
        text(set, "idleProf", fio.idleProf(), where);
        text(set, "steadyState", fio.steadyState(), where);
        text(set, "steadyStateDuration", fio.steadyStateDuration(), where);
        text(set, "steadyStateRamp", fio.steadyStateRamp(), where);
        text(set, "precondition", fio.precondition(), where);
        text(set, "logInterval", fio.logInterval(), where);
        if (fio.volumeMode() != VolumeMode.DEFAULT) {
            set.put("volumeMode", new SourcedValue(fio.volumeMode().name().toLowerCase(Locale.ROOT),
                    "@Fio(volumeMode) " + where));
        }
        return set;
    }

    private static void text(Map<String, SourcedValue> set, String name, String value, String where) {
        if (!value.isEmpty()) {
            set.put(name, new SourcedValue(value, "@Fio(" + name + ") " + where));
        }
    }

    private static void number(Map<String, SourcedValue> set, String name, int value, String where) {
        if (value != Fio.UNSET) {
            set.put(name, new SourcedValue(Integer.toString(value), "@Fio(" + name + ") " + where));
        }
    }

    /** The job: a profile or a job file, with every other setting applied as an override. */
    FioJob job() {
        Map<String, SourcedValue> overrides = new LinkedHashMap<>(values);
        SourcedValue profile = overrides.remove("profile");
        SourcedValue jobFile = overrides.remove("jobFile");
        overrides.remove("repeat");
        overrides.remove("expect");
        overrides.remove("volumeMode");
        SourcedValue idleProf = overrides.remove("idleProf");
        SourcedValue steadyState = overrides.remove("steadyState");
        SourcedValue steadyStateDuration = overrides.remove("steadyStateDuration");
        SourcedValue steadyStateRamp = overrides.remove("steadyStateRamp");
        overrides.remove("precondition");
        SourcedValue logInterval = overrides.remove("logInterval");
        if (profile != null && jobFile != null) {
            throw new ConfigurationException(new Problem(jobFile.origin(), jobFile.value(),
                    "either a profile or a job file, not both",
                    "remove " + profile.origin() + " = '" + profile.value() + "' or the job file"));
        }
        FioJob base = jobFile != null
                ? FioJob.fromJobFile(jobFile.value(), jobFile.origin())
                : FioJob.profile(profile != null ? profile
                        : new SourcedValue(DEFAULT_PROFILE, "the default profile"));
        FioJob job = overrides.isEmpty() ? base : base.withOverrides(overrides);
        if (steadyState != null || steadyStateDuration != null || steadyStateRamp != null) {
            job = job.withSteadyState(SteadyStateCriterion.parse(steadyState, steadyStateDuration, steadyStateRamp),
                    steadyState != null ? steadyState.origin() : steadyStateDuration != null
                            ? steadyStateDuration.origin() : steadyStateRamp.origin());
        }
        if (logInterval != null) {
            job = job.withLogInterval(logInterval);
        }
        return idleProf == null ? job : job.withIdleProfile(idleProf);
    }

    /** The preconditioning asked for; {@code none} unless set. */
    Precondition precondition() {
        SourcedValue precondition = values.get("precondition");
        return precondition == null ? Precondition.none() : Precondition.parse(precondition);
    }

    /** How many times to run the job (1 unless {@code repeat} says otherwise). */
    int repeat() {
        SourcedValue repeat = values.get("repeat");
        if (repeat == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(repeat.value().trim());
            if (n >= 1 && n <= MAX_REPEAT) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ConfigurationException(new Problem(repeat.origin(), repeat.value(),
                "a whole number from 1 to " + MAX_REPEAT, "use e.g. repeat = 3"));
    }
}
