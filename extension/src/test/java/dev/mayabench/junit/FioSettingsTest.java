package dev.mayabench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.SourcedValue;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FioSettingsTest {

    static class Written {
        @Fio(iodepth = -1, numjobs = -1)
        void minusOne() {
        }

        @Fio(bs = "4KiB", size = "1GiB")
        void iec() {
        }

        @Fio
        void nothing() {
        }
    }

    private static FioSettings settings(String method, Map<String, SourcedValue> configured) throws Exception {
        Method m = Written.class.getDeclaredMethod(method);
        return FioSettings.of(Optional.empty(), Optional.of(m.getAnnotation(Fio.class)), Written.class, m,
                configured);
    }

    @Test
    void minusOneWrittenInFioIsAValueAndIsRefused() throws Exception {
        // -1 used to be the attributes' "unset" marker, so @Fio(iodepth = -1) silently ran the profile's 32
        FioSettings settings = settings("minusOne", Map.of());

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, settings::job);

        assertThat(e.problems()).extracting(Problem::setting).containsExactly(
                "@Fio(iodepth) on Written#minusOne", "@Fio(numjobs) on Written#minusOne");
        assertThat(e.problems()).extracting(Problem::allowed).containsExactly("a whole number from 1 to 4096",
                "a whole number from 1 to 1024");
    }

    @Test
    void unsetNumbersKeepTheProfilesValues() throws Exception {
        assertThat(settings("nothing", Map.of()).job().options()).containsEntry("iodepth", "32")
                .containsEntry("numjobs", "4");
    }

    @Test
    void iecSizesFromTheAnnotationAndFromSettingsReachFioAsTheBytesMeant() throws Exception {
        assertThat(settings("iec", Map.of()).job().options()).containsEntry("bs", "4k").containsEntry("size", "1g");
        assertThat(settings("nothing", Map.of("bs", new SourcedValue("64KiB", "system property mayabench.fio.bs")))
                .job().options()).containsEntry("bs", "64k");
    }

    @Test
    void steadyStateFromSettingsReachesFioLikeTheAttribute() throws Exception {
        // every @Fio attribute is also a setting (Setting.FIO_KEYS): -Dmayabench.fio.steadyState=... for every test
        FioSettings settings = settings("nothing", Map.of(
                "steadyState", new SourcedValue("iops_slope:0.3%", "system property mayabench.fio.steadyState"),
                "steadyStateDuration", new SourcedValue("20s", "system property mayabench.fio.steadyStateDuration")));

        assertThat(settings.job().options()).containsEntry("steadystate", "iops_slope:0.3%")
                .containsEntry("ss_dur", "20s");
    }

    @Test
    void logIntervalFromSettingsReachesTheJobLikeTheAttribute() throws Exception {
        FioSettings settings = settings("nothing", Map.of(
                "logInterval", new SourcedValue("500ms", "system property mayabench.fio.logInterval")));

        assertThat(settings.job().logInterval()).contains(java.time.Duration.ofMillis(500));
        assertThat(settings("nothing", Map.of("logInterval", new SourcedValue("off",
                "environment MAYABENCH_FIO_LOG_INTERVAL"))).job().logInterval()).isEmpty();
    }
}
