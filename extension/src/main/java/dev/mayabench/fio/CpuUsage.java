package dev.mayabench.fio;

import java.util.Collection;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What a fio job cost in CPU, as fio measures it ({@code usr_cpu}, {@code sys_cpu}, {@code ctx}): percentages
 * of one CPU over the job's runtime, so 150 means one and a half CPUs busy. High system time per I/O is the
 * price of a storage stack; it belongs beside IOPS when comparing two.
 *
 * <pre>{@code
 * CpuUsage cpu = result.cpu();        // summed over all jobs
 * cpu.user(); cpu.system(); cpu.contextSwitches();
 * }</pre>
 *
 * @param user            user time, percent of one CPU
 * @param system          system (kernel) time, percent of one CPU
 * @param contextSwitches context switches during the job
 */
@API(status = API.Status.EXPERIMENTAL)
public record CpuUsage(double user, double system, long contextSwitches) {

    /** No CPU figures (a result built without them). */
    public static final CpuUsage NONE = new CpuUsage(0, 0, 0);

    /** User plus system time, percent of one CPU. */
    public double total() {
        return user + system;
    }

    /** The sum over jobs: the CPU all of them used together. */
    public static CpuUsage sum(Collection<CpuUsage> parts) {
        return new CpuUsage(parts.stream().mapToDouble(CpuUsage::user).sum(),
                parts.stream().mapToDouble(CpuUsage::system).sum(),
                parts.stream().mapToLong(CpuUsage::contextSwitches).sum());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "usr %.1f%% sys %.1f%% ctx %d", user, system, contextSwitches);
    }
}
