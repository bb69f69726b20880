package dev.mayabench.fio;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One fio job's figures (with {@code numjobs=N}, each clone is one job; with {@code group_reporting}, fio
 * reports the group as one job). For {@code fio --client} output, one job per client, with its host.
 *
 * <pre>{@code
 * JobResult job = result.job("randread-4k");
 * job.read().iops();
 * }</pre>
 *
 * @param name     fio's {@code jobname}
 * @param hostname the fio server it ran on, for {@code --client} output
 * @param read     read figures
 * @param write    write figures
 */
@API(status = API.Status.STABLE)
public record JobResult(String name, Optional<String> hostname, IoStats read, IoStats write) {

    public JobResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
    }
}
