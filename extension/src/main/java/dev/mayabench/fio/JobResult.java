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
 * @param steadyState fio's steady-state verdict, when the job asked for one ({@code @Fio(steadyState)})
 */
@API(status = API.Status.STABLE)
public record JobResult(String name, Optional<String> hostname, IoStats read, IoStats write, CpuUsage cpu,
                        Optional<SteadyState> steadyState) {

    public JobResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(steadyState, "steadyState");
    }

    /** A job that did not ask for steady state. */
    public JobResult(String name, Optional<String> hostname, IoStats read, IoStats write, CpuUsage cpu) {
        this(name, hostname, read, write, cpu, Optional.empty());
    }

    /** A job without CPU figures (the shape before they were recorded). */
    public JobResult(String name, Optional<String> hostname, IoStats read, IoStats write) {
        this(name, hostname, read, write, CpuUsage.NONE);
    }
}
