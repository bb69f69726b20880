package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import dev.mayabench.fio.FioResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.testcontainers.DockerClientFactory;

/**
 * The k3s provider (Testcontainers): with a Docker engine, fio runs in a pod on k3s's local-path volumes; without
 * one, the class is skipped with the reason, not failed. Which of the two this machine shows depends on
 * whether it has Docker; both are asserted.
 */
class K3sProviderTest {

    static final Map<String, Object> RECEIVED = new ConcurrentHashMap<>();

    @MayastorCluster(name = "k3s-quick", provider = "k3s")
    static class QuickLook {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "2s", size = "8m")
        void randomRead(FioResult result) {
            RECEIVED.put("result", result);
        }
    }

    private static boolean docker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void runsOnLocalPathWithDockerAndIsSkippedWithTheReasonWithout() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(QuickLook.class)).execute()
                .allEvents();

        if (docker()) {
            events.assertThatEvents().haveExactly(1, event(test("randomRead"), finishedSuccessfully()));
            assertThat(((FioResult) RECEIVED.get("result")).read().iops()).isPositive();
        } else {
            events.assertThatEvents().haveExactly(1, event(container(QuickLook.class),
                    org.junit.platform.testkit.engine.EventConditions.abortedWithReason(
                            org.junit.platform.testkit.engine.TestExecutionResultConditions.message(m ->
                                    m.contains("provider 'k3s' starts k3s in a container and needs a Docker engine")
                                            && m.contains("use provider 'local'")))));
            assertThat(RECEIVED).doesNotContainKey("result");
        }
    }
}
