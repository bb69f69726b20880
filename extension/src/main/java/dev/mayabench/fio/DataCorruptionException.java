package dev.mayabench.fio;

import java.util.List;
import org.apiguardian.api.API;

/**
 * fio's verification read back data that differs from what it wrote: the storage returned wrong data. This is
 * a correctness failure, not a slow run, and is reported apart from every other fio failure so that nobody reads
 * it as a performance regression.
 *
 * <pre>{@code
 * try {
 *     runner.run(FioJob.profile("verify"), dataDir, runDir, "integrity");
 * } catch (DataCorruptionException e) {
 *     e.mismatches().forEach(System.err::println);   // "crc32c: verify failed at file ... offset 409600 ..."
 * }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL)
public class DataCorruptionException extends FioFailedException {

    private static final long serialVersionUID = 1L;

    /** What fio prints when a block does not verify (crc mismatch, bad header, wrong block). */
    static final List<String> MARKERS = List.of("verify failed", "bad magic header", "verify: bad header",
            "verify type mismatch", "verify: bad", "bad pattern block");

    private final List<String> mismatches;

    public DataCorruptionException(String job, List<String> mismatches, int exitCode, List<String> command,
                                   String fioOutput) {
        super("DATA CORRUPTION in fio job " + job + ": the data read back is not the data written ("
                + mismatches.size() + " mismatch" + (mismatches.size() == 1 ? "" : "es") + " reported by fio's "
                + "verify):" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", mismatches)
                + System.lineSeparator() + "This is wrong data, not a slow run: check the volume, its replicas and "
                + "the node's disk before trusting any figure from it.", exitCode, command, fioOutput);
        this.mismatches = List.copyOf(mismatches);
    }

    /** fio's lines naming each block that did not verify (file, offset, expected and received checksum). */
    public List<String> mismatches() {
        return mismatches;
    }

    /** The lines of fio's output that report a verification failure; empty when there is none. */
    static List<String> mismatchesIn(String fioOutput) {
        return fioOutput.lines().map(String::strip)
                .filter(line -> MARKERS.stream().anyMatch(line::contains))
                .toList();
    }
}
