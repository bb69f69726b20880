package dev.mayabench.fio;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import dev.mayabench.config.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One fio job definition: a named profile or a user's job file, plus validated overrides. Immutable; every
 * {@code with...} method returns a new job. It renders to a fio job file whose data files go to a directory
 * chosen at run time ({@link #render(Path)}), so the same job runs on a local disk or in a pod's volume.
 *
 * <pre>{@code
 * FioJob job = FioJob.profile("randwrite-4k")
 *         .withOverrides(Map.of("runtime", new SourcedValue("30s", "@Fio(runtime) on MyTest#write")));
 * Files.writeString(runDir.resolve("write.fio"), job.render(dataDir));
 * }</pre>
 *
 * <h2>Profiles</h2>
 * Shared by all profiles: {@code ioengine=libaio}, {@code direct=1} (the page cache would measure memory, not
 * the disk), {@code time_based} with {@code runtime=60s} (a fixed measuring window, however fast the disk),
 * {@code size=1g} per job (one data file of 1 GiB per fio job, laid out before the window starts),
 * {@code ramp_time=2s} (start-up, such as a write cache still absorbing, is left out of the figures; raise it with
 * {@code rampTime} for network storage). {@code group_reporting}
 * is deliberately off, so fio reports each job and the results keep per-job figures; the totals over all
 * jobs are computed from those when the output is parsed.
 * <ul>
 *   <li>{@code randread-4k}: random reads, {@code bs=4k}, {@code iodepth=32}, {@code numjobs=4} (4 GiB of
 *       data files) - the classic small-block IOPS and latency figure.</li>
 *   <li>{@code randwrite-4k}: random writes, {@code bs=4k}, {@code iodepth=32}, {@code numjobs=4}.</li>
 *   <li>{@code randrw-4k}: random mix of 70% reads and 30% writes ({@code rwmixread=70}), {@code bs=4k},
 *       {@code iodepth=32}, {@code numjobs=4} - a database-like load.</li>
 *   <li>{@code seqread-128k}: sequential reads, {@code bs=128k}, {@code iodepth=16}, {@code numjobs=1} -
 *       throughput; one job, because several sequential streams on one device become random I/O.</li>
 *   <li>{@code seqwrite-128k}: sequential writes, {@code bs=128k}, {@code iodepth=16}, {@code numjobs=1}.</li>
 *   <li>{@code playground}: the original Mayastor playground demo: random 50/50 read/write (fio's default mix),
 *       {@code bs=4k}, {@code iodepth=16}, {@code numjobs=8} (8 GiB of data files), 60 s.</li>
 * </ul>
 *
 * <h2>Overrides</h2>
 * {@link #withOverrides(Map)} takes the {@code @Fio} attribute names {@code rw, bs, iodepth, numjobs, runtime,
 * rampTime, size, rwmixread, ioengine, direct} ({@code rampTime} is fio's {@code ramp_time}). Sizes read every
 * unit as a power of 1024 ({@code 4k}, {@code 4kb} and {@code 4KiB} are 4096 bytes) and go to fio in a spelling it
 * reads the same way (fio itself reads {@code 4KiB} as 4000 bytes). Values are checked
 * more strictly than fio checks them (fio reads {@code bs=4q} as 4 bytes and {@code runtime=10min} as 10
 * microseconds without a warning); all problems are reported in one {@link ConfigurationException}.
 */
@API(status = API.Status.STABLE)
public final class FioJob {

    /** The setting named in errors when {@link #profile(String)} is called without an origin. */
    public static final String PROFILE_SETTING = "@Fio(profile)";

    /** The profiles' {@code ramp_time}: start-up effects are left out of the figures. */
    static final String DEFAULT_RAMP_TIME = "2s";

    private static final Map<String, Map<String, String>> PROFILES = profilesByName();

    private final String name;
    private final String source;
    /** A profile's [global] options; {@code null} for a job file. */
    private final Map<String, String> profileOptions;
    /** A job file's text; {@code null} for a profile. */
    private final JobFileText jobFile;
    /** fio option name to value, validated. */
    private final Map<String, SourcedValue> overrides;
    /** fio's {@code --idle-prof} mode, or {@code null}: a command-line option, not a job option. */
    private final String idleProfile;
    /** The time-series log interval: {@code null} for the default, {@link Duration#ZERO} for no logs. */
    private final Duration logInterval;

    private FioJob(String name, String source, Map<String, String> profileOptions, JobFileText jobFile,
                   Map<String, SourcedValue> overrides) {
        this(name, source, profileOptions, jobFile, overrides, null);
    }

    private FioJob(String name, String source, Map<String, String> profileOptions, JobFileText jobFile,
                   Map<String, SourcedValue> overrides, String idleProfile) {
        this(name, source, profileOptions, jobFile, overrides, idleProfile, null);
    }

    private FioJob(String name, String source, Map<String, String> profileOptions, JobFileText jobFile,
                   Map<String, SourcedValue> overrides, String idleProfile, Duration logInterval) {
        this.logInterval = logInterval;
        this.name = name;
        this.source = source;
        this.profileOptions = profileOptions;
        this.jobFile = jobFile;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        this.idleProfile = idleProfile;
    }

    /** The modes of fio's {@code --idle-prof}: the whole system's idleness, or each CPU's too. */
    public static final List<String> IDLE_PROFILES = List.of("system", "percpu");

    /**
     * The same job, measured with fio's CPU idleness profiling ({@code --idle-prof=system} or {@code percpu}):
     * fio calibrates an idle loop first, then reports how idle the CPUs were during the run. Little idleness
     * makes latency figures suspect.
     *
     * @throws ConfigurationException when the mode is neither {@code system} nor {@code percpu}
     */
    public FioJob withIdleProfile(SourcedValue mode) {
        String value = mode.value().trim().toLowerCase(java.util.Locale.ROOT);
        if (!IDLE_PROFILES.contains(value)) {
            throw new ConfigurationException(new Problem(mode.origin(), mode.value(), "system or percpu",
                    value.startsWith("p") ? "did you mean 'percpu'?" : "use system (the whole machine) or percpu"));
        }
        return new FioJob(name, source, profileOptions, jobFile, overrides, value, logInterval);
    }

    /** fio's {@code --idle-prof} mode, when CPU idleness is profiled. */
    public Optional<String> idleProfile() {
        return Optional.ofNullable(idleProfile);
    }

    /**
     * The same job with its time-series logs ({@link FioResult#timeline()}) written every {@code interval}
     * ({@code "500ms"}, {@code "1s"}), or not at all ({@code "off"}); see {@link LogInterval} for what is allowed.
     *
     * @throws ConfigurationException naming the setting, the value, what is allowed and a fix
     */
    public FioJob withLogInterval(SourcedValue interval) {
        Duration parsed = LogInterval.parse(interval).orElse(Duration.ZERO);
        return new FioJob(name, source, profileOptions, jobFile, overrides, idleProfile, parsed);
    }

    /** The interval of the time-series logs ({@link TimelineLogs#DEFAULT_INTERVAL} unless set); empty when off. */
    public Optional<Duration> logInterval() {
        Duration interval = logInterval == null ? TimelineLogs.DEFAULT_INTERVAL : logInterval;
        return interval.isZero() ? Optional.empty() : Optional.of(interval);
    }

    private static Map<String, Map<String, String>> profilesByName() {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        profiles.put("randread-4k", options("randread", null, "4k", 32, 4));
        profiles.put("randwrite-4k", options("randwrite", null, "4k", 32, 4));
        profiles.put("randrw-4k", options("randrw", 70, "4k", 32, 4));
        profiles.put("seqread-128k", options("read", null, "128k", 16, 1));
        profiles.put("seqwrite-128k", options("write", null, "128k", 16, 1));
        profiles.put("playground", options("randrw", null, "4k", 16, 8));
        profiles.put("verify", verifyOptions());
        return Collections.unmodifiableMap(profiles);
    }

    private static Map<String, String> options(String rw, Integer rwmixread, String bs, int iodepth, int numjobs) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("ioengine", "libaio");
        o.put("direct", "1");
        o.put("rw", rw);
        if (rwmixread != null) {
            o.put("rwmixread", rwmixread.toString());
        }
        o.put("bs", bs);
        o.put("iodepth", Integer.toString(iodepth));
        o.put("numjobs", Integer.toString(numjobs));
        o.put("size", "1g");
        o.put("time_based", "");
        o.put("runtime", "60s");
        // excluded from the figures: on the development machine a local SSD's random writes ran 20-40% above their
        // steady state for the first 1.5 s (a write cache absorbing); the no-ramp guardrail asks for a ramp
        o.put("ramp_time", DEFAULT_RAMP_TIME);
        return Collections.unmodifiableMap(o);
    }

    /**
     * Data integrity, not speed: writes {@code size} of random 4k blocks with a crc32c checksum in each, then
     * reads everything back and checks it ({@code verify_fatal}: the first bad block stops the run). Not
     * time-based, so the whole area is written before it is verified.
     */
    private static Map<String, String> verifyOptions() {
        Map<String, String> o = new LinkedHashMap<>(options("randwrite", null, "4k", 16, 1));
        o.remove("time_based");
        o.remove("runtime");
        o.remove("ramp_time"); // every block written is verified: none may be left out of the run
        o.put("size", "256m");
        o.put("verify", "crc32c");
        o.put("verify_fatal", "1");
        o.put("do_verify", "1");
        return Collections.unmodifiableMap(o);
    }

    /** The names of the built-in profiles, in documentation order. */
    public static List<String> profiles() {
        return List.copyOf(PROFILES.keySet());
    }

    /**
     * A built-in profile.
     *
     * @throws ConfigurationException naming {@value #PROFILE_SETTING}, when there is no such profile
     */
    public static FioJob profile(String name) {
        return profile(new SourcedValue(Objects.requireNonNull(name, "name"), PROFILE_SETTING));
    }

    /**
     * A built-in profile, chosen by a setting whose origin an error names (case does not matter).
     *
     * @throws ConfigurationException when there is no such profile: names the origin, the value, the profiles
     *                                and the closest one
     */
    public static FioJob profile(SourcedValue name) {
        String wanted = name.value().trim().toLowerCase(Locale.ROOT);
        Map<String, String> options = PROFILES.get(wanted);
        if (options == null) {
            throw new ConfigurationException(new Problem(name.origin(), name.value(),
                    "one of the profiles " + String.join(", ", PROFILES.keySet()),
                    Suggestions.closest(name.value().trim(), PROFILES.keySet())
                            .map(s -> "did you mean '" + s + "'?")
                            .orElse("pick one of those, or give your own fio job file with @Fio(jobFile)")));
        }
        return new FioJob(wanted, "profile " + wanted, options, null, Map.of());
    }

    /**
     * A user's fio job file: a path (absolute, or relative to the working directory) or a classpath resource
     * ({@code "fio/mixed.fio"}, found in {@code src/test/resources}). Its text is kept as written; relative
     * {@code include} lines are made absolute, because the rendered copy lives in another directory.
     *
     * @param location the path or resource name as the user wrote it
     * @param origin   where it was written, for errors ({@code "@Fio(jobFile) on MyTest#m"})
     * @throws ConfigurationException when the file does not exist, cannot be read or has no job section, or breaks
     *                                a rule of {@link JobFileRules} (places its own data, leaves a section header
     *                                open, uses a size fio reads differently from how it reads)
     */
    public static FioJob fromJobFile(String location, String origin) {
        Objects.requireNonNull(origin, "origin");
        String allowed = "a fio job file: a path (absolute, or relative to the working directory "
                + workingDirectory() + ") or a classpath resource";
        if (location == null || location.isBlank()) {
            throw new ConfigurationException(new Problem(origin, location, allowed,
                    "give the job file's path, e.g. src/test/resources/fio/mixed.fio, or its resource name "
                            + "fio/mixed.fio"));
        }
        Path path = null;
        try {
            path = Path.of(location).toAbsolutePath().normalize();
        } catch (InvalidPathException notAPath) {
            // may still be a classpath resource
        }
        String text;
        String source;
        Path base;
        if (path != null && Files.isRegularFile(path)) {
            text = read(path, origin, location);
            source = "job file " + path;
            base = path.getParent();
        } else if (path != null && Files.isDirectory(path)) {
            throw new ConfigurationException(new Problem(origin, location, allowed,
                    path + " is a directory; name the .fio file in it"));
        } else {
            String resource = location.startsWith("/") ? location.substring(1) : location;
            URL url = resource(resource);
            if (url == null) {
                throw new ConfigurationException(new Problem(origin, location, allowed,
                        "found neither the file " + (path == null ? location : path) + " nor the classpath resource '"
                                + resource + "'; put the file under src/test/resources/ (then write its path "
                                + "below that folder) or give its path"));
            }
            text = read(url, origin, location);
            source = "job file " + location + " from the classpath, " + url;
            base = fileDirectory(url);
        }
        JobFileText parsed = JobFileText.parse(text);
        List<Problem> broken = JobFileRules.check(parsed, origin, location);
        if (!broken.isEmpty()) {
            throw new ConfigurationException(broken);
        }
        if (parsed.jobs().isEmpty()) {
            throw new ConfigurationException(new Problem(origin, location,
                    "a fio job file with at least one job section, like [my-job]",
                    "add a job section after [global]; fio runs nothing without one"));
        }
        parsed = absoluteIncludes(parsed, base);
        broken = includedRules(parsed, origin, location);
        if (!broken.isEmpty()) {
            throw new ConfigurationException(broken);
        }
        String fileName = location.replace('\\', '/');
        fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
        return new FioJob(fileName, source, null, parsed, Map.of());
    }

    private static String workingDirectory() {
        return Path.of("").toAbsolutePath().toString();
    }

    private static String read(Path path, String origin, String location) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(new Problem(origin, location, "a readable fio job file",
                    "cannot read " + path + ": " + e));
        }
    }

    private static String read(URL url, String origin, String location) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(new Problem(origin, location, "a readable fio job file",
                    "cannot read " + url + ": " + e));
        }
    }

    private static URL resource(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(name);
        return url != null ? url : FioJob.class.getClassLoader().getResource(name);
    }

    private static Path fileDirectory(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The {@link JobFileRules} applied to the files {@code text} includes (one level; their paths already made
     * absolute): an included {@code directory=} would escape just as well. A file that cannot be read is left to
     * fio, which names it.
     */
    private static List<Problem> includedRules(JobFileText text, String origin, String location) {
        List<Problem> problems = new ArrayList<>();
        boolean kbBase = text.sets("kb_base");
        for (String line : text.lines()) {
            String stripped = line.strip();
            if (!JobFileText.isInclude(stripped)) {
                continue;
            }
            try {
                Path included = Path.of(stripped.substring("include".length()).strip());
                if (included.isAbsolute() && Files.isRegularFile(included)) {
                    problems.addAll(JobFileRules.check(JobFileText.parse(Files.readString(included,
                            StandardCharsets.UTF_8)), origin, included + " (included by " + location + ")", kbBase));
                }
            } catch (IOException | InvalidPathException leftToFio) {
                // fio will name the file it cannot read
            }
        }
        return problems;
    }

    /** fio resolves a relative include against the job file's directory, which the rendered copy is not in. */
    private static JobFileText absoluteIncludes(JobFileText text, Path base) {
        if (base == null) {
            return text;
        }
        JobFileText result = text;
        List<String> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!JobFileText.isInclude(line)) {
                continue;
            }
            String included = line.substring("include".length()).strip();
            try {
                if (!included.isEmpty() && !Path.of(included).isAbsolute()) {
                    result = result.withLine(i, "include " + base.resolve(included).normalize());
                }
            } catch (InvalidPathException keepAsWritten) {
                // fio will name the file it cannot open
            }
        }
        return result;
    }

    /**
     * This job with {@code overrides} applied on top of the ones it already has (a later value for the same
     * setting wins).
     *
     * @param overrides keyed by {@code @Fio} attribute name ({@code rampTime}; fio's {@code ramp_time} is accepted
     *                  too); values as the user wrote them, with their origin
     * @throws ConfigurationException listing every unknown setting and every value that is not allowed
     */
    public FioJob withOverrides(Map<String, SourcedValue> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, SourcedValue> merged = new LinkedHashMap<>(this.overrides);
        // a job file with its own kb_base may read 4k as 4000 bytes: give it exact byte counts instead
        boolean exactBytes = jobFile != null && jobFile.sets("kb_base");
        merged.putAll(FioOverrides.forFio(FioOverrides.validate(overrides), exactBytes));
        return new FioJob(name, source, profileOptions, jobFile, merged, idleProfile, logInterval);
    }

    /**
     * This job with fio's steady-state detection ({@code steadystate}, {@code ss_dur}, {@code ss_ramp}) in every
     * job; fio then stops a job as soon as it is steady, so {@code runtime} becomes an upper bound.
     *
     * @param origin where the criterion was written, for errors and the rendered file's header
     * @throws ConfigurationException when a job's {@code ramp_time + runtime} is shorter than the window plus its
     *                                ramp, so steady state could never be attained
     */
    public FioJob withSteadyState(SteadyStateCriterion criterion, String origin) {
        SteadyStateCheck.fits(criterion, origin, effectiveJobs());
        Map<String, SourcedValue> merged = new LinkedHashMap<>(this.overrides);
        criterion.fioOptions().forEach((option, value) -> merged.put(option, new SourcedValue(value, origin)));
        return new FioJob(name, source, profileOptions, jobFile, merged, idleProfile, logInterval);
    }

    /**
     * This job with fio's latency-target search ({@link LatencyTarget}) in every job: fio looks for the deepest
     * queue, up to the job's {@code iodepth}, that keeps the target, and ends the job once it found it.
     *
     * @param origin where the target was written, for the rendered file's header
     */
    @API(status = API.Status.EXPERIMENTAL)
    public FioJob withLatencyTarget(LatencyTarget target, String origin) {
        Map<String, SourcedValue> merged = new LinkedHashMap<>(this.overrides);
        target.fioOptions().forEach((option, value) -> merged.put(option, new SourcedValue(value, origin)));
        return new FioJob(name, source, profileOptions, jobFile, merged, idleProfile);
    }

    /** The profile's name, or the job file's file name ({@code mixed.fio}). */
    public String name() {
        return name;
    }

    /** Where the job comes from, for logs and reports: {@code profile randread-4k} or {@code job file /abs/x.fio}. */
    public String source() {
        return source;
    }

    /** Whether this is a built-in profile (otherwise it is a user's job file). */
    public boolean isProfile() {
        return profileOptions != null;
    }

    /** The overrides applied, keyed by fio option name ({@code ramp_time}), each with its origin. */
    public Map<String, SourcedValue> overrides() {
        return overrides;
    }

    /**
     * The effective {@code [global]} options, in order: a profile's options, or all of a job file's
     * {@code [global]} sections, with the overrides applied (an override applies to every job, so it is global in
     * effect even where it is written into each job section). A bare option such as {@code time_based} maps to
     * an empty string. The data directory is not included; it is chosen at {@link #render(Path)}.
     */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        if (profileOptions != null) {
            options.putAll(profileOptions);
        } else {
            jobFile.sections().stream().filter(JobFileText.Section::isGlobal).forEach(s -> options.putAll(s.options()));
        }
        overrides.forEach((key, value) -> options.put(key, value.value()));
        return Collections.unmodifiableMap(options);
    }

    /** fio's names of the jobs: the profile's name, or the job file's job sections in order. */
    public List<String> jobNames() {
        return profileOptions != null ? List.of(name)
                : jobFile.jobs().stream().map(JobFileText.Section::name).toList();
    }

    /**
     * How many bytes of data files the job lays out in the target directory: {@code size} times
     * {@code numjobs}, summed over the jobs (a job file cannot put data elsewhere: {@link JobFileRules}). Empty
     * when it cannot be known: a job without a plain {@code size} (a percentage, a variable, a device).
     */
    public OptionalLong bytesPerTarget() {
        long total = 0;
        for (Map<String, String> job : effectiveJobs()) {
            int kbBase = "1000".equals(job.get("kb_base")) ? 1000 : 1024;
            OptionalLong size = FioSize.bytes(job.get("size"), kbBase);
            OptionalLong numjobs = wholeNumber(job.getOrDefault("numjobs", "1"));
            if (size.isEmpty() || numjobs.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                total = Math.addExact(total, Math.multiplyExact(size.getAsLong(), Math.max(1, numjobs.getAsLong())));
            } catch (ArithmeticException overflow) {
                return OptionalLong.of(Long.MAX_VALUE);
            }
        }
        return OptionalLong.of(total);
    }

    private static OptionalLong wholeNumber(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException notAPlainNumber) {
            return OptionalLong.empty();
        }
    }

    /**
     * How long fio measures: {@code ramp_time + runtime}; for a job file the longest job, added up over groups
     * separated by {@code stonewall}. Jobs without a {@code runtime} (they run until their {@code size} is done)
     * count as zero, so the result is then a lower bound; laying out data files comes on top.
     */
    public Duration expectedDuration() {
        return duration(false).orElseThrow();
    }

    /** Whether every job has a {@code runtime}, so {@link #expectedDuration()} bounds the measuring time. */
    boolean isTimeBounded() {
        return duration(true).isPresent();
    }

    private Optional<Duration> duration(boolean requireRuntime) {
        Duration total = Duration.ZERO;
        Duration group = Duration.ZERO;
        boolean first = true;
        for (Map<String, String> job : effectiveJobs()) {
            if (!first && (job.containsKey("stonewall") || job.containsKey("wait_for"))) {
                total = total.plus(group);
                group = Duration.ZERO;
            }
            first = false;
            Optional<Duration> runtime = FioTime.parse(job.get("runtime"));
            if (runtime.isEmpty() && requireRuntime) {
                return Optional.empty();
            }
            Duration ramp = FioTime.parse(job.get("ramp_time")).orElse(Duration.ZERO);
            Duration own = runtime.orElse(Duration.ZERO).plus(ramp);
            group = own.compareTo(group) > 0 ? own : group;
        }
        return Optional.of(total.plus(group));
    }

    /** Each job's effective options: [global] sections above it, its own section, then the overrides. */
    List<Map<String, String>> effectiveJobs() {
        List<Map<String, String>> jobs = new ArrayList<>();
        if (profileOptions != null) {
            jobs.add(options());
            return jobs;
        }
        Map<String, String> global = new LinkedHashMap<>();
        for (JobFileText.Section section : jobFile.sections()) {
            if (section.isGlobal()) {
                global.putAll(section.options());
                continue;
            }
            Map<String, String> job = new LinkedHashMap<>(global);
            job.putAll(section.options());
            overrides.forEach((key, value) -> job.put(key, value.value()));
            jobs.add(job);
        }
        return jobs;
    }

    /** The comment lines every rendered job file starts with: what it is, the job, every override and its origin. */
    private List<String> header() {
        List<String> out = new ArrayList<>();
        out.add("; fio job file written by mayabench for one run; edit the profile or job file it comes from");
        out.add("; job: " + name + " (" + oneLine(source) + ")");
        out.add("; overrides: " + (overrides.isEmpty() ? "none" : overrides.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().value() + " from " + oneLine(e.getValue().origin()))
                .collect(Collectors.joining("; "))));
        return out;
    }

    /**
     * The fio job file to run, with its data files under {@code directory}. It starts with comment lines naming
     * the job, every override and its origin, and the directory.
     * <ul>
     *   <li>A profile: one {@code [global]} section with the profile's options, overrides in place of the
     *       profile's values, and {@code directory=}; then one job section named after the profile.</li>
     *   <li>A job file: its text as written, with each override appended at the end of every job section (fio
     *       lets a later option in a section replace an earlier one, and a job's option beat {@code [global]}, so
     *       the override wins wherever the file set it). {@code directory=} comes in a {@code [global]} section
     *       of its own in front of the file; a job file may not place its data itself ({@link JobFileRules}), so a
     *       relative {@code filename=} of the file lands in that directory too.</li>
     * </ul>
     *
     * @param directory where fio lays out its data files; a {@code :} in it is escaped as fio requires
     * @throws IllegalArgumentException when the directory contains {@code ;}, {@code #} or a line break, which
     *                                  fio cannot read in a job file
     */
    public String render(Path directory) {
        return renderIn(directoryOption(directory), directory.toAbsolutePath().normalize().toString());
    }

    /**
     * Like {@link #render(Path)}, for a container whose data directory is known only where fio runs: the job
     * says {@code directory=${VARIABLE}}, which fio expands from its environment when it reads the job file.
     *
     * <pre>{@code
     * String text = FioJob.profile("randread-4k").renderInDirectoryOf("MAYABENCH_DATA");  // directory=${MAYABENCH_DATA}
     * }</pre>
     */
    public String renderInDirectoryOf(String environmentVariable) {
        String reference = variableReference(environmentVariable);
        return renderIn(reference, reference + " (the pod's volume)");
    }

    /** Like {@link #renderOnDevice(Path)}, with the device path in an environment variable fio expands. */
    public String renderOnDeviceOf(String environmentVariable) {
        String reference = variableReference(environmentVariable);
        return renderOn(reference, reference + " (the pod's raw block volume)");
    }

    private static String variableReference(String variable) {
        if (!variable.matches("[A-Z_][A-Z0-9_]*")) {
            throw new IllegalArgumentException("not an environment variable name: " + variable);
        }
        return "${" + variable + "}";
    }

    private String renderIn(String dir, String describedAs) {
        List<String> out = header();
        out.add("; data files: " + oneLine(describedAs));
        if (profileOptions != null) {
            out.add("; group_reporting is off on purpose: fio reports every job, so per-job figures are kept");
            out.add("[global]");
            options().forEach((key, value) -> out.add(value.isEmpty() ? key : key + "=" + value));
            out.add("directory=" + dir);
            out.add("");
            out.add("[" + name + "]");
        } else {
            // always: JobFileRules refused every option that would place data elsewhere, and a relative
            // filename= lands under directory= (fio prefixes it), wherever fio's working directory is
            out.add("[global]");
            out.add("directory=" + dir);
            out.add("");
            Map<Integer, JobFileText.Section> jobEnds = new LinkedHashMap<>();
            jobFile.jobs().forEach(s -> jobEnds.put(s.lastOptionLine(), s));
            List<String> lines = jobFile.lines();
            for (int i = 0; i < lines.size(); i++) {
                out.add(lines.get(i));
                if (jobEnds.containsKey(i) && !overrides.isEmpty()) {
                    out.add("; mayabench overrides, last in the job so they win");
                    overrides.forEach((key, value) -> out.add(key + "=" + value.value()));
                }
            }
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * The fio job file to run against a raw block device: like {@link #render(Path)}, but without
     * {@code directory=} (fio would prefix it even to an absolute {@code filename}) and with
     * {@code filename=<device>} for every job, after the job's own options so it wins.
     *
     * @throws IllegalArgumentException when the device path contains {@code :}, which fio reads as a separator
     */
    public String renderOnDevice(Path device) {
        String target = device.toAbsolutePath().normalize().toString();
        if (target.contains(":")) {
            throw new IllegalArgumentException("fio cannot name a device path with ':' in it: " + target);
        }
        return renderOn(target, target);
    }

    private String renderOn(String target, String describedAs) {
        List<String> out = header();
        out.add("; raw block device: " + describedAs + " (no filesystem; its contents are overwritten)");
        if (profileOptions != null) {
            out.add("[global]");
            options().forEach((key, value) -> out.add(value.isEmpty() ? key : key + "=" + value));
            out.add("filename=" + target);
            out.add("");
            out.add("[" + name + "]");
        } else {
            Map<Integer, JobFileText.Section> jobEnds = new LinkedHashMap<>();
            jobFile.jobs().forEach(s -> jobEnds.put(s.lastOptionLine(), s));
            List<String> lines = jobFile.lines();
            for (int i = 0; i < lines.size(); i++) {
                out.add(lines.get(i));
                if (jobEnds.containsKey(i)) {
                    out.add("; mayabench: the device, and the overrides, last in the job so they win");
                    overrides.forEach((key, value) -> out.add(key + "=" + value.value()));
                    out.add("filename=" + target);
                }
            }
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * Writes {@link #render(Path) render(directory)} to {@code jobFile}, creating its parent directories.
     *
     * @return {@code jobFile}
     */
    public Path writeTo(Path jobFile, Path directory) {
        return write(jobFile, render(directory));
    }

    /** Writes {@link #renderOnDevice(Path)} to {@code jobFile}. */
    public Path writeOnDeviceTo(Path jobFile, Path device) {
        return write(jobFile, renderOnDevice(device));
    }

    private static Path write(Path jobFile, String text) {
        try {
            Path parent = jobFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(jobFile, text, StandardCharsets.UTF_8);
            return jobFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fio job file " + jobFile + ": " + e.getMessage(), e);
        }
    }

    /** fio splits {@code directory} at {@code :} (several directories) unless escaped, and ends a value at ; or #. */
    static String directoryOption(Path directory) {
        String dir = directory.toAbsolutePath().normalize().toString();
        for (String forbidden : List.of(";", "#", "\n", "\r")) {
            if (dir.contains(forbidden)) {
                throw new IllegalArgumentException("fio cannot use the data directory '" + oneLine(dir)
                        + "': fio reads ';' and '#' in a job file as the start of a comment and cannot take a line "
                        + "break; choose a directory without them");
            }
        }
        return dir.replace(":", "\\:");
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FioJob other)) {
            return false;
        }
        return name.equals(other.name) && source.equals(other.source)
                && Objects.equals(profileOptions, other.profileOptions)
                && Objects.equals(jobFile == null ? null : jobFile.lines(),
                        other.jobFile == null ? null : other.jobFile.lines())
                && overrides.equals(other.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source, overrides);
    }

    @Override
    public String toString() {
        return "FioJob[" + name + (overrides.isEmpty() ? "" : ", overrides " + overrides.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().value()).collect(Collectors.joining(", "))) + "]";
    }
}
