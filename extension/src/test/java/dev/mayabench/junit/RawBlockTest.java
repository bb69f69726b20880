package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.fio.FioResult;
import dev.mayabench.fio.UnusableDeviceException;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.fixtures.block.LoopDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @Fio(volumeMode = BLOCK)} on the local provider against a loop device the test attaches (a real block
 * device backed by a file), and the refusals that keep fio away from devices in use or not named.
 */
class RawBlockTest {

    static final Map<String, FioResult> RECEIVED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        System.clearProperty("mayabench.local.device");
        RECEIVED.clear();
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private LoopDevice loop() {
        Optional<String> unavailable = LoopDevice.unavailableBecause(dir);
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        return LoopDevice.attach(dir.resolve("disk.img"), 64);
    }

    @MayastorCluster(name = "raw-block")
    static class RawDevice {
        @org.junit.jupiter.api.Test
        @Fio(profile = "randread-4k", runtime = "1s", rampTime = "1s", size = "16m", iodepth = 4, numjobs = 1,
                volumeMode = VolumeMode.BLOCK)
        void rawRead(FioResult result) {
            RECEIVED.put("rawRead", result);
        }
    }

    @Test
    void fioRunsOnTheNamedDeviceAndNothingElse() throws Exception {
        try (LoopDevice loop = loop()) {
            System.setProperty("mayabench.local.device", loop.device().toString());

            run(RawDevice.class).testEvents().assertStatistics(s -> s.succeeded(1));

            FioResult result = RECEIVED.get("rawRead");
            assertThat(result.read().iops()).isPositive();
            Path jobFile = result.savedAt().orElseThrow().resolveSibling("rawRead.fio");
            assertThat(jobFile).content().contains("filename=" + loop.device()).doesNotContain("directory=");
            assertThat(Locations.workspaceOf("raw-block").resolve("data")).doesNotExist();
        }
    }

    @Test
    void aMountedDeviceIsRefusedBeforeFioTouchesIt() throws Exception {
        try (LoopDevice loop = loop()) {
            Path mounted;
            try {
                mounted = loop.mount(dir.resolve("mnt"));
            } catch (IllegalStateException cannotMount) {
                Assumptions.abort("cannot make and mount a filesystem here: " + cannotMount.getMessage());
                return;
            }
            Files.writeString(mounted.resolve("precious.txt"), "keep me");
            System.setProperty("mayabench.local.device", loop.device().toString());

            run(RawDevice.class).allEvents().assertThatEvents().haveExactly(1, event(test("rawRead"),
                    finishedWithFailure(instanceOf(UnusableDeviceException.class), message(m ->
                            m.contains("refusing to let fio write to " + loop.device())
                                    && m.contains("is mounted on " + mounted)))));

            assertThat(mounted.resolve("precious.txt")).hasContent("keep me");
        }
    }

    @Test
    void somethingThatIsNotABlockDeviceIsRefused() {
        System.setProperty("mayabench.local.device", "/dev/null");

        run(RawDevice.class).allEvents().assertThatEvents().haveExactly(1, event(test("rawRead"),
                finishedWithFailure(instanceOf(UnusableDeviceException.class),
                        message(m -> m.contains("/dev/null: it is not a block device")))));
    }

    @Test
    void withoutANamedDeviceBlockModeIsAConfigurationErrorAndNoDeviceIsPicked() {
        run(RawDevice.class).allEvents().assertThatEvents().haveExactly(1, event(test("rawRead"),
                finishedWithFailure(instanceOf(ConfigurationException.class),
                        message(m -> m.contains("local.device") && m.contains("never picks a device itself")))));
    }
}
