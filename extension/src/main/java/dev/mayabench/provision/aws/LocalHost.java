package dev.mayabench.provision.aws;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name, for the owner tag; {@code unknown-host} when the system cannot say. */
final class LocalHost {

    private LocalHost() {
    }

    static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "unknown-host" : fromEnvironment;
        }
    }
}
