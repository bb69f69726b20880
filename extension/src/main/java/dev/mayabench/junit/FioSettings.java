package dev.mayabench.junit;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    private FioSettings(Map<String, SourcedValue> values) {
        this.values = values;
    }

    static FioSettings of(Optional<Fio> onClass, Optional<Fio> onMethod, Class<?> testClass, Method method,
                          Map<String, SourcedValue> configured) {
        Map<String, SourcedValue> values = new LinkedHashMap<>();
        onClass.ifPresent(fio -> values.putAll(attributes(fio, "on " + testClass.getSimpleName())));
        onMethod.ifPresent(fio -> values.putAll(attributes(fio,
                "on " + testClass.getSimpleName() + "#" + method.getName())));
        values.putAll(configured);
        return new FioSettings(values);
    }

    /** The attributes the user set (unset ones are "" or -1), keyed by attribute name. */
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
        return set;
    }

    private static void text(Map<String, SourcedValue> set, String name, String value, String where) {
        if (!value.isEmpty()) {
            set.put(name, new SourcedValue(value, "@Fio(" + name + ") " + where));
        }
    }

    private static void number(Map<String, SourcedValue> set, String name, int value, String where) {
        if (value != -1) {
            set.put(name, new SourcedValue(Integer.toString(value), "@Fio(" + name + ") " + where));
        }
    }

    /** The job: a profile or a job file, with every other setting applied as an override. */
    FioJob job() {
        Map<String, SourcedValue> overrides = new LinkedHashMap<>(values);
        SourcedValue profile = overrides.remove("profile");
        SourcedValue jobFile = overrides.remove("jobFile");
        overrides.remove("repeat");
        if (profile != null && jobFile != null) {
            throw new ConfigurationException(new Problem(jobFile.origin(), jobFile.value(),
                    "either a profile or a job file, not both",
                    "remove " + profile.origin() + " = '" + profile.value() + "' or the job file"));
        }
        FioJob base = jobFile != null
                ? FioJob.fromJobFile(jobFile.value(), jobFile.origin())
                : FioJob.profile(profile != null ? profile
                        : new SourcedValue(DEFAULT_PROFILE, "the default profile"));
        return overrides.isEmpty() ? base : base.withOverrides(overrides);
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
