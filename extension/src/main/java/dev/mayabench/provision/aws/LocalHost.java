package dev.mayabench.provision.aws;

import dev.mayabench.provision.RunLease;

/** This machine's host name, for the owner tag; {@code unknown-host} when the system cannot say. */
final class LocalHost {

    private LocalHost() {
    }

    static String name() {
        return RunLease.localHost();
    }
}
