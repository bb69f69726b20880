package dev.mayabench.kube;

import org.apiguardian.api.API;

/**
 * One result of the {@link Preflight}: which check, about what (a node, a disk, the cluster), how bad, what is
 * wrong and the fix. An {@link Severity#ERROR} stops the deploy stage; the others are logged.
 *
 * <pre>{@code
 * Finding f = new Finding("hugepages", Finding.Severity.ERROR, "storage-1",
 *         "allocatable hugepages-2Mi is 0, the io-engine requests 2048Mi",
 *         "reserve 1024 pages of 2 MiB (vm.nr_hugepages=1024) and restart the kubelet");
 * f.line();   // "ERROR   hugepages  storage-1: allocatable ... ; fix: reserve ..."
 * }</pre>
 *
 * @param check    the check's name, as {@code mayabench doctor} lists it
 * @param severity how bad
 * @param subject  what it is about: a node, a disk, "cluster"
 * @param message  what was found
 * @param fix      what to do about it; empty when nothing is wrong
 */
@API(status = API.Status.EXPERIMENTAL)
public record Finding(String check, Severity severity, String subject, String message, String fix) {

    /** How bad a finding is. */
    public enum Severity {
        /** The deploy stage would fail or measure something else: it is stopped. */
        ERROR,
        /** Worth knowing before paying for a run; the deploy stage goes on. */
        WARNING,
        /** Checked, and fine. */
        OK,
        /** Could not be checked read-only from what mayabench knows; the message says why. */
        NOT_CHECKED
    }

    static Finding ok(String check, String subject, String message) {
        return new Finding(check, Severity.OK, subject, message, "");
    }

    static Finding notChecked(String check, String subject, String why) {
        return new Finding(check, Severity.NOT_CHECKED, subject, why, "");
    }

    static Finding error(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.ERROR, subject, message, fix);
    }

    static Finding warning(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.WARNING, subject, message, fix);
    }

    /** One line for a log or the console. */
    public String line() {
        return String.format("%-11s %-17s %s: %s%s", severity, check, subject, message,
                fix.isEmpty() ? "" : "; fix: " + fix);
    }
}
