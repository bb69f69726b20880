package dev.mayabench.provision.azure;

import dev.mayabench.config.ClusterSpec;
import dev.mayabench.fixtures.azure.FakeArm;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test class path's {@link ArmConnector}: clients for a {@link FakeArm} a test registered, when a spec's
 * {@code azure.endpoint} is that fake's endpoint, so the azure provider created by its factory (inside the JUnit
 * Launcher) reaches the fake.
 */
public final class FakeArmConnector implements ArmConnector {

    private static final Map<URI, FakeArm> FAKES = new ConcurrentHashMap<>();

    /** Serves {@code arm} until {@link #forget}. */
    public static void serve(FakeArm arm) {
        FAKES.put(arm.endpoint(), arm);
    }

    public static void forget(FakeArm arm) {
        FAKES.remove(arm.endpoint());
    }

    @Override
    public Optional<ArmClients> connect(ClusterSpec spec) {
        return spec.azure().endpoint().map(FAKES::get).map(FakeArmClients::of);
    }
}
