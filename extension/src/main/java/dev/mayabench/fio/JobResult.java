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
 * @param cpu      the CPU the job used ({@code usr_cpu}, {@code sys_cpu}, {@code ctx})
 */
@API(status = API.Status.STABLE)
public record JobResult(String name, Optional<String> hostname, IoStats read, IoStats write, CpuUsage cpu) {

    public JobResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(cpu, "cpu");
    }

    /** A job without CPU figures (the shape before they were recorded). */
    public JobResult(String name, Optional<String> hostname, IoStats read, IoStats write) {
        this(name, hostname, read, write, CpuUsage.NONE);
    }
}
