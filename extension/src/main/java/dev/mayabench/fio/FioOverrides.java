package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.config.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings {@code @Fio} may override, their fio option names, and the checks a value must pass before it
 * goes into a job file. Every value is checked and every problem collected, so one run shows all mistakes.
 */
final class FioOverrides {

    /** Setting name (as in {@code @Fio}) to fio option name, in the order they are rendered. */
    static final Map<String, String> FIO_NAMES;

    /** The settings in the order they are checked and rendered. */
    static final List<String> ORDER;

    static {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("rw", "rw");
        names.put("bs", "bs");
        names.put("iodepth", "iodepth");
        names.put("numjobs", "numjobs");
        names.put("size", "size");
        names.put("rwmixread", "rwmixread");
        names.put("ioengine", "ioengine");
        names.put("direct", "direct");
        names.put("runtime", "runtime");
        names.put("rampTime", "ramp_time");
        FIO_NAMES = Collections.unmodifiableMap(names);
        ORDER = List.copyOf(names.keySet());
    }

    /** fio's other names for the settings, which people copy from job files. */
    private static final Map<String, String> FIO_ALIASES = Map.of("blocksize", "bs", "readwrite", "rw",
            "timeout", "runtime", "engine", "ioengine");

    static final List<String> RW = List.of("read", "write", "randread", "randwrite", "rw", "readwrite", "randrw",
            "trim", "randtrim", "trimwrite", "randtrimwrite");

    /** fio 3.33's engines on Linux (fio --enghelp), plus the common ones of other builds. */
    static final List<String> IOENGINES = List.of("libaio", "io_uring", "io_uring_cmd", "psync", "sync", "vsync",
            "pvsync", "pvsync2", "posixaio", "mmap", "splice", "null", "sg", "net", "netsplice", "cpuio", "rdma",
            "e4defrag", "falloc", "ftruncate", "filecreate", "filestat", "filedelete", "dircreate", "dirstat",
            "dirdelete", "exec", "nbd", "rados", "rbd", "gfapi", "gfapi_async", "mtd", "dev-dax", "libpmem",
            "pmemblk", "libcufile", "http", "xnvme", "spdk", "windowsaio", "solarisaio");

    // Upper bounds catch typos (iodepth = 320000), not hardware limits: a real queue deeper than 4096 or more
    // than 1024 processes on one target does not measure a disk any more.
    static final int MAX_IODEPTH = 4096;
    static final int MAX_NUMJOBS = 1024;
    static final Duration MAX_RUNTIME = Duration.ofDays(7);
    static final Duration MAX_RAMP_TIME = Duration.ofDays(1);

    private static final Pattern RW_VALUE = Pattern.compile("([a-z]+)(:\\d+)?");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+]?\\d{1,9}");

    private FioOverrides() {
    }

    /**
     * The overrides keyed by fio option name, values trimmed, in a fixed order; or a
     * {@link ConfigurationException} listing every value that is not allowed.
     */
    static Map<String, SourcedValue> validate(Map<String, SourcedValue> overrides) {
        List<Problem> problems = new ArrayList<>();
        Map<String, SourcedValue> bySetting = new LinkedHashMap<>();
        overrides.forEach((key, sourced) -> {
            String setting = setting(key);
            if (setting == null) {
                String alias = FIO_ALIASES.get(key);
                problems.add(new Problem(named(sourced.origin(), key), sourced.value(),
                        "a setting mayabench can override: " + String.join(", ", ORDER),
                        alias != null ? "did you mean '" + alias + "'? (fio's " + key + " is " + alias + " here)"
                                : Suggestions.closest(key, ORDER).map(s -> "did you mean '" + s + "'?")
                                        .orElse("other fio options go in a job file (@Fio(jobFile))")));
                return;
            }
            SourcedValue trimmed = new SourcedValue(sourced.value().trim(), sourced.origin());
            check(setting, trimmed).ifPresentOrElse(problems::add, () -> bySetting.put(setting, trimmed));
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        Map<String, SourcedValue> byFioName = new LinkedHashMap<>();
        for (String setting : ORDER) {
            if (bySetting.containsKey(setting)) {
                byFioName.put(FIO_NAMES.get(setting), bySetting.get(setting));
            }
        }
        return byFioName;
    }

    /** The setting a key names: the {@code @Fio} attribute or, for convenience, fio's own option name. */
    private static String setting(String key) {
        if (FIO_NAMES.containsKey(key)) {
            return key;
        }
        return FIO_NAMES.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The origin, with the setting's name added when the origin does not say it. */
    private static String named(String origin, String key) {
        return origin.contains(key) ? origin : key + " (" + origin + ")";
    }

    private static Optional<Problem> check(String setting, SourcedValue v) {
        String value = v.value();
        String origin = named(v.origin(), setting);
        return switch (setting) {
            case "rw" -> rw(origin, value);
            case "bs" -> blockSize(origin, value);
            case "size" -> size(origin, value);
            case "iodepth" -> range(origin, value, 1, MAX_IODEPTH, "iodepth = 32");
            case "numjobs" -> range(origin, value, 1, MAX_NUMJOBS, "numjobs = 4");
            case "rwmixread" -> range(origin, value, 0, 100, "rwmixread = 70 for 70% reads, 30% writes");
            case "direct" -> direct(origin, value);
            case "ioengine" -> ioengine(origin, value);
            case "runtime" -> time(origin, value, Duration.ofNanos(1), MAX_RUNTIME);
            case "rampTime" -> time(origin, value, Duration.ZERO, MAX_RAMP_TIME);
            default -> throw new IllegalStateException("no check for " + setting);
        };
    }

    private static Optional<Problem> rw(String origin, String value) {
        Matcher m = RW_VALUE.matcher(value);
        if (m.matches() && RW.contains(m.group(1))) {
            return Optional.empty();
        }
        return Optional.of(new Problem(origin, value, "one of fio's rw modes: " + String.join(", ", RW),
                Suggestions.didYouMean(value, RW)));
    }

    private static Optional<Problem> blockSize(String origin, String value) {
        // fio takes one size, or up to three separated by commas for reads, writes and trims
        String[] parts = value.split(",", -1);
        boolean ok = parts.length <= 3;
        for (String part : parts) {
            ok &= !part.isBlank() && FioSize.meant(part.trim()).orElse(0) > 0;
        }
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(new Problem(origin, value, FioSize.ALLOWED
                + ", or read,write sizes like 4k,64k", sizeFix(value, "bs = 4k")));
    }

    private static Optional<Problem> size(String origin, String value) {
        OptionalLong bytes = FioSize.meant(value);
        if (bytes.isPresent() && bytes.getAsLong() > 0) {
            return Optional.empty();
        }
        return Optional.of(new Problem(origin, value, FioSize.ALLOWED + ", more than 0",
                sizeFix(value, "size = 1g")));
    }

    /** The fio options whose values are sizes, which {@link #forFio} respells. */
    static final List<String> SIZE_OPTIONS = List.of("bs", "size");

    /**
     * The validated overrides (keyed by fio option name) with every size spelled so that fio reads the bytes the
     * user meant: {@code bs=4KiB} goes to fio as {@code 4k} (fio would read {@code 4KiB} as 4000 bytes), or as
     * {@code 4096} when {@code exactBytes} (a job file that sets its own {@code kb_base}). The origin keeps what
     * was written, so the rendered job file's header shows both.
     */
    static Map<String, SourcedValue> forFio(Map<String, SourcedValue> validated, boolean exactBytes) {
        Map<String, SourcedValue> out = new LinkedHashMap<>();
        validated.forEach((option, v) -> {
            if (!SIZE_OPTIONS.contains(option)) {
                out.put(option, v);
                return;
            }
            List<String> parts = new ArrayList<>();
            for (String part : v.value().split(",", -1)) {
                parts.add(FioSize.forFio(part.trim(), exactBytes));
            }
            String spelled = String.join(",", parts);
            out.put(option, spelled.equals(v.value()) ? v
                    : new SourcedValue(spelled, v.origin() + ", written " + v.value()));
        });
        return out;
    }

    private static String sizeFix(String value, String example) {
        return FioSize.suggestion(value).map(s -> "did you mean '" + s + "'?").orElse("write e.g. " + example);
    }

    private static Optional<Problem> range(String origin, String value, int min, int max, String example) {
        if (WHOLE_NUMBER.matcher(value).matches()) {
            long n = Long.parseLong(value.replace("+", ""));
            if (n >= min && n <= max) {
                return Optional.empty();
            }
        }
        return Optional.of(new Problem(origin, value, "a whole number from " + min + " to " + max,
                "write e.g. " + example));
    }

    private static Optional<Problem> direct(String origin, String value) {
        if (value.equals("0") || value.equals("1")) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        String fix = lower.equals("true") || lower.equals("yes") ? "did you mean '1'?"
                : lower.equals("false") || lower.equals("no") ? "did you mean '0'?"
                : "use 1 to bypass the page cache (O_DIRECT) or 0 to go through it";
        return Optional.of(new Problem(origin, value, "0 or 1", fix));
    }

    private static Optional<Problem> ioengine(String origin, String value) {
        if (IOENGINES.contains(value) || (value.startsWith("external:") && value.length() > "external:".length())) {
            return Optional.empty();
        }
        return Optional.of(new Problem(origin, value,
                "a fio ioengine such as libaio, io_uring, psync, sync, posixaio, mmap, pvsync2, null "
                        + "(or external:/path/to/engine.so)",
                Suggestions.closest(value, IOENGINES).map(s -> "did you mean '" + s + "'?")
                        .orElse("see 'fio --enghelp' for the engines your fio has")));
    }

    private static Optional<Problem> time(String origin, String value, Duration min, Duration max) {
        Optional<Duration> parsed = FioTime.parse(value);
        if (parsed.isPresent() && parsed.get().compareTo(min) >= 0 && parsed.get().compareTo(max) <= 0) {
            return Optional.empty();
        }
        String bounds = min.isZero() ? "from 0 to " + FioTime.format(max)
                : "more than 0 and at most " + FioTime.format(max);
        String fix = FioTime.suggestion(value).map(s -> "did you mean '" + s + "'?")
                .orElse("write e.g. 30s or 2m");
        return Optional.of(new Problem(origin, value, FioTime.ALLOWED + ", " + bounds, fix));
    }
}
