package dev.mayabench.internal.log;

import java.util.ServiceLoader;
import org.apiguardian.api.API;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Where every mayabench logger comes from: SLF4J's when the classpath has an SLF4J provider (slf4j-simple,
 * Logback, Log4j's bridge, ...), otherwise a {@link ConsoleLogger} that prints warnings and progress with the
 * prefix {@code [mayabench] }, so a user who added no logging dependency still sees guardrail findings, settings
 * that do not apply, reuse and teardown decisions and stage progress (see {@link ConsoleMode} for the switch).
 * Never both, so no line appears twice.
 *
 * <pre>{@code
 * private static final Logger LOG = MayabenchLog.of(LiveCluster.class);
 * LOG.warn("cluster '{}': {}", name, line);   // "[mayabench] WARN cluster 'demo': ..." without a provider
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class MayabenchLog {

    private static volatile Boolean providerPresent;

    private MayabenchLog() {
    }

    /** The logger of a class. */
    public static Logger of(Class<?> type) {
        return named(type.getName());
    }

    /** A logger by name, e.g. {@code mayabench.stage.deploy}. */
    public static Logger named(String name) {
        if (hasProvider()) {
            return LoggerFactory.getLogger(name);
        }
        return new ConsoleLogger(name);
    }

    /**
     * Whether SLF4J found a provider. SLF4J 2.0.17 ({@code qos-ch/slf4j}, {@code slf4j-api/src/main/java/org/
     * slf4j/LoggerFactory.java}, {@code bind()}): when {@code findServiceProviders()} (a {@link ServiceLoader} of
     * {@link SLF4JServiceProvider}) finds none, it prints "No SLF4J providers were found", sets {@code PROVIDER}
     * to {@code NOP_FALLBACK_SERVICE_PROVIDER} ({@code org.slf4j.helpers.NOP_FallbackServiceProvider}) whose
     * factory is a {@link NOPLoggerFactory}, and every logger drops every event. An SLF4J 1.x binding
     * ({@code org/slf4j/impl/StaticLoggerBinder.class}) is reported as ignored and ends the same way.
     *
     * <p>{@code slf4j-nop} is a real provider whose factory is also a {@link NOPLoggerFactory}; whoever put it
     * on the classpath asked for silence, so the service loader is asked as well, as SLF4J does, and a provider
     * found there (or one named with {@code -Dslf4j.provider}) counts as present.
     */
    static boolean hasProvider() {
        Boolean known = providerPresent;
        if (known == null) {
            ILoggerFactory factory = LoggerFactory.getILoggerFactory(); // binds SLF4J (prints its own notice)
            known = !(factory instanceof NOPLoggerFactory) || explicitProvider();
            providerPresent = known;
        }
        return known;
    }

    private static boolean explicitProvider() {
        String named = System.getProperty(LoggerFactory.PROVIDER_PROPERTY_KEY);
        if (named != null && !named.isBlank()) {
            return true;
        }
        ClassLoader loader = LoggerFactory.class.getClassLoader();
        try {
            return ServiceLoader.load(SLF4JServiceProvider.class, loader).stream().findAny().isPresent();
        } catch (java.util.ServiceConfigurationError e) {
            return false; // a broken provider: SLF4J falls back to NOP as well
        }
    }
}
