package dev.mayabench.fio;

import dev.mayabench.config.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a user's job file ({@code @Fio(jobFile = ...)}) must keep so that what mayabench reports is what fio
 * measured, where mayabench says it measured, and nothing is left behind. One home for them, checked when the job
 * file is read, each broken rule one {@link Problem} naming the file, the line, and a fix that works:
 * <ul>
 *   <li><b>Data stays where mayabench puts it.</b> {@code directory=}, {@code opendir=} and
 *       {@code filename_format=} are refused, and so is a {@code filename=} that is absolute or climbs out with
 *       {@code ..}: they would beat {@code mayabench.local.dir} (or the pod's volume), so the report would name the
 *       wrong filesystem and teardown would leave the files behind. A relative {@code filename=} stays: fio puts it
 *       under the {@code directory=} mayabench writes in front of the file. A raw device is measured with
 *       {@code mayabench.local.device} and {@code @Fio(volumeMode = BLOCK)} instead.</li>
 *   <li><b>Section headers are closed.</b> fio reads {@code [global} as a <em>job</em> named {@code globa} and then
 *       fails with an unrelated "you need to specify size=" for the next job.</li>
 *   <li><b>Sizes mean what they say.</b> With fio's default {@code kb_base=1024}, {@code bs=4KiB} is 4000 bytes
 *       (fio's {@code parse.c}, {@code __get_mult_bytes}: "If kb_base is 1024, use opposite units"), so an IEC
 *       unit in a file that does not set {@code kb_base} is refused with the spelling fio reads as meant
 *       ({@code 4k}).</li>
 * </ul>
 *
 * <pre>{@code
 * List<Problem> problems = JobFileRules.check(JobFileText.parse(text), "@Fio(jobFile) on MyTest#m", "mixed.fio");
 * }</pre>
 */
final class JobFileRules {

    /** Options that choose where data files go; mayabench chooses that. */
    static final List<String> PLACEMENT = List.of("directory", "opendir", "filename_format");

    /** Options whose values are sizes, where an IEC unit means something else to fio than to the reader. */
    static final List<String> SIZE_OPTIONS = List.of("bs", "size", "io_size", "io_limit", "filesize", "offset",
            "offset_increment", "bsrange", "blocksize_range", "ba", "blockalign", "buffer_compress_chunk",
            "zonesize", "zonerange", "zoneskip");

    private static final Pattern IEC = Pattern.compile("(\\d+)\\s*([kmgtp])ib\\b", Pattern.CASE_INSENSITIVE);

    private JobFileRules() {
    }

    /**
     * Every broken rule of {@code text}.
     *
     * @param origin   where the job file was named ({@code @Fio(jobFile) on MyTest#m})
     * @param location the job file as the user wrote it, named in each problem with the line number
     */
    static List<Problem> check(JobFileText text, String origin, String location) {
        return check(text, origin, location, false);
    }

    /**
     * Like {@link #check(JobFileText, String, String)}, for a file that may be {@code include}d by one that sets
     * {@code kb_base} ({@code kbBaseSetElsewhere}), whose units then are that file's business.
     */
    static List<Problem> check(JobFileText text, String origin, String location, boolean kbBaseSetElsewhere) {
        List<Problem> problems = new ArrayList<>();
        List<String> lines = text.lines();
        boolean setsKbBase = kbBaseSetElsewhere || text.sets("kb_base") || setsOutsideSections(lines, "kb_base");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#") || JobFileText.isInclude(line)) {
                continue;
            }
            String where = location + " line " + (i + 1);
            if (line.startsWith("[")) {
                if (line.indexOf(']') < 0) {
                    String name = line.substring(1).strip();
                    problems.add(new Problem(origin, location, "a job file whose section headers are closed, "
                            + "like [" + (name.isEmpty() ? "global" : name) + "]",
                            where + " reads '" + line + "', which fio takes for a job named '"
                                    + (name.isEmpty() ? "" : name.substring(0, name.length() - 1))
                                    + "' (its last letter dropped); close it: [" + name + "]"));
                }
                continue;
            }
            String option = stripComment(line);
            int eq = option.indexOf('=');
            String key = (eq < 0 ? option : option.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : option.substring(eq + 1).strip();
            if (PLACEMENT.contains(key)) {
                problems.add(new Problem(origin, location, "a job file that leaves where data files go to mayabench",
                        where + " sets " + key + "=" + value + ", which would put the data outside mayabench's "
                                + "directory (the report would name the wrong filesystem and the files would be "
                                + "left behind); remove the line and set mayabench.local.dir to the directory to "
                                + "measure (or, for a raw device, mayabench.local.device with "
                                + "@Fio(volumeMode = BLOCK))"));
            } else if (key.equals("filename")) {
                escapingFile(value).ifPresent(bad -> problems.add(new Problem(origin, location,
                        "a job file whose filename= is relative, so it stays in mayabench's directory",
                        where + " sets filename=" + value + ": '" + bad + "' "
                                + (bad.startsWith("/") ? "is absolute" : "climbs out with ..")
                                + ", so the data would not be in mayabench's directory and would be left behind; "
                                + "write a plain name such as filename=" + plainName(bad) + " and set "
                                + "mayabench.local.dir to the directory to measure (for a raw device, "
                                + "mayabench.local.device with @Fio(volumeMode = BLOCK))")));
            } else if (!setsKbBase && SIZE_OPTIONS.contains(key)) {
                Matcher m = IEC.matcher(value);
                if (m.find()) {
                    String meant = IEC.matcher(value).replaceAll(r -> r.group(1) + r.group(2).toLowerCase(Locale.ROOT));
                    problems.add(new Problem(origin, location, "sizes fio reads as written",
                            where + " sets " + key + "=" + value + ", which fio (kb_base=1024, its default) reads "
                                    + "in units of 1000: " + m.group(0) + " is " + FioSize.bytes(m.group(0)).orElse(0)
                                    + " bytes, not " + FioSize.meant(m.group(1) + m.group(2)).orElse(0)
                                    + "; did you mean " + key + "=" + meant + "?"));
                }
            }
        }
        return problems;
    }

    /** Whether an option line before any section (as in an {@code include}d file) sets {@code key}. */
    private static boolean setsOutsideSections(List<String> lines, String key) {
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                return false;
            }
            String option = stripComment(line);
            int eq = option.indexOf('=');
            if ((eq < 0 ? option : option.substring(0, eq)).strip().equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** The first of fio's {@code :}-separated file names that is absolute or climbs out, if any. */
    private static java.util.Optional<String> escapingFile(String value) {
        // fio separates several files with ':' and reads '\:' as a colon in a name
        for (String name : value.split("(?<!\\\\):")) {
            String n = name.strip();
            if (n.startsWith("/") || n.equals("..") || n.startsWith("../") || n.contains("/../")
                    || n.endsWith("/..")) {
                return java.util.Optional.of(n);
            }
        }
        return java.util.Optional.empty();
    }

    private static String plainName(String path) {
        String last = path.replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1);
        return last.isEmpty() || last.equals("..") || last.startsWith("/") ? "data.bin" : last;
    }

    /** fio ends a value at the first {@code ;} or {@code #}. */
    private static String stripComment(String line) {
        int cut = line.length();
        for (char c : new char[] {';', '#'}) {
            int at = line.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return line.substring(0, cut);
    }
}
