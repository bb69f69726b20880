package dev.mayabench.provision.aws;

import java.time.Duration;

/**
 * How often and how long provisioning and teardown poll EC2. AWS needs tens of seconds per state change; tests
 * against the fake endpoint use milliseconds.
 *
 * @param poll          pause between two looks at an instance's state or a retried delete
 * @param bootDeadline  how long instances may take to be running
 * @param deleteDeadline how long teardown keeps retrying a delete that EC2 refuses with {@code DependencyViolation}
 *                      (and waits for instances to terminate)
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public record Timings(Duration poll, Duration bootDeadline, Duration deleteDeadline) {

    static final Timings AWS = new Timings(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(10));
}
