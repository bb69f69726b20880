package dev.mayabench.junit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The id of one run of a suite, the {@code run_id} of the suite summary: the start time (UTC, to the second) and
 * process id of the Maven JVM the tests descend from, e.g. {@code 20261203T141500Z-4242}, so every Surefire and
 * Failsafe fork of one {@code mvn verify} (and every module of it) has the same id and the next {@code mvn}
 * another. Without a Maven JVM among the ancestors (an IDE, Gradle, a plain {@code java}) it is this JVM's.
 *
 * <p>Why the process tree and not a property: Surefire hands its forks no id of the build. A fork's system
 * properties are the plugin's {@code systemPropertyVariables}, the session's user properties, {@code basedir},
 * {@code user.dir} and {@code localRepository} (apache/maven-surefire,
 * maven-surefire-common/.../AbstractSurefireMojo.java, {@code setupProperties}), and its fork number
 * ({@code surefire.forkNumber}) is the same in the next build; {@code ${maven.build.timestamp}} is a POM
 * interpolation the user would have to pass on by hand. A file written by the first fork would need to know
 * which forks belong to the same build, which is the same question. The Maven JVM answers it: the forks are its descendants (Surefire
 * starts them as child processes, directly or through {@code /bin/sh -c}), and a pid with its start time names
 * one process on a machine.
 *
 * <p>The Maven JVM is found by its main class: Maven's {@code bin/mvn} (also what {@code mvnw} runs) starts
 * {@code java ... org.codehaus.plexus.classworlds.launcher.Launcher} (apache/maven,
 * apache-maven/src/assembly/maven/bin/mvn, {@code CLASSWORLDS_LAUNCHER}; checked in Maven 3.9.16's script on
 * this machine). Not verified: the Maven daemon (mvnd) keeps one JVM for many builds and may start it the same
 * way, in which case its builds would share an id; a CI step can tell runs apart with the {@code timestamp}
 * column.
 *
 * <pre>{@code
 * String id = RunId.current(); // "20261203T141500Z-4242" in every fork of this mvn verify
 * }</pre>
 */
final class RunId {

    /** Maven's main class as {@code bin/mvn} names it on the java command line. */
    static final String MAVEN_LAUNCHER = "org.codehaus.plexus.classworlds.launcher.Launcher";

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunId() {
    }

    /** The run id of this JVM's run. */
    static String current() {
        ProcessHandle self = ProcessHandle.current();
        return mavenJvm(self).flatMap(RunId::of).or(() -> of(self))
                .orElseGet(() -> FORMAT.format(Instant.now()) + "-" + self.pid());
    }

    /** {@code <start>-<pid>} of a process, empty when the OS does not tell its start time. */
    static Optional<String> of(ProcessHandle process) {
        return process.info().startInstant().map(start -> FORMAT.format(start) + "-" + process.pid());
    }

    /** The nearest Maven JVM among {@code process} and its ancestors. */
    static Optional<ProcessHandle> mavenJvm(ProcessHandle process) {
        for (Optional<ProcessHandle> p = Optional.of(process); p.isPresent(); p = p.get().parent()) {
            if (isMaven(p.get())) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static boolean isMaven(ProcessHandle process) {
        // arguments() reads /proc/<pid>/cmdline on Linux; a process of another user may hide it, and is no
        // Maven of ours then
        return process.info().arguments().map(List::of).map(args -> args.contains(MAVEN_LAUNCHER))
                .orElse(false);
    }
}
