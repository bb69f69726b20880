package dev.mayabench.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mayabench.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ConsoleModeTest {

    @Test
    void autoWhenNeitherPropertyNorVariableIsSet() {
        assertThat(ConsoleMode.parse(null, null)).isEqualTo(ConsoleMode.AUTO);
        assertThat(ConsoleMode.parse(" ", "")).isEqualTo(ConsoleMode.AUTO);
    }

    @Test
    void thePropertyWinsOverTheVariableAndCaseAndSpacesDoNotMatter() {
        assertThat(ConsoleMode.parse(" WARN ", "off")).isEqualTo(ConsoleMode.WARN);
        assertThat(ConsoleMode.parse(null, "Off")).isEqualTo(ConsoleMode.OFF);
        assertThat(ConsoleMode.parse("info", null)).isEqualTo(ConsoleMode.INFO);
    }

    @Test
    void aBadPropertyValueNamesTheSettingTheValueWhatIsAllowedAndAFixThatWorks() {
        assertThatThrownBy(() -> ConsoleMode.parse("wran", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mayabench configuration: console = 'wran' (from system property mayabench.console) is "
                        + "not allowed: expected one of auto, off, warn, info (what mayabench prints itself when "
                        + "no SLF4J provider is on the classpath); did you mean 'warn'? write e.g. "
                        + "-Dmayabench.console=warn");
        String fix = "-Dmayabench.console=warn";
        assertThat(ConsoleMode.parse(fix.substring(fix.indexOf('=') + 1), null)).as("the fix itself works")
                .isEqualTo(ConsoleMode.WARN);
    }

    @Test
    void aBadVariableValueSaysItCameFromTheEnvironment() {
        assertThatThrownBy(() -> ConsoleMode.parse(null, "verbose"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("console = 'verbose' (from environment variable MAYABENCH_CONSOLE)")
                .hasMessageContaining("expected one of auto, off, warn, info")
                .hasMessageContaining("write e.g. -Dmayabench.console=");
    }

    @Test
    void aBadValueDoesNotFailALogCallButCountsAsAuto() {
        System.setProperty(ConsoleMode.PROPERTY, "loud");
        try {
            assertThatThrownBy(ConsoleMode::current).isInstanceOf(ConfigurationException.class);
            assertThat(ConsoleMode.forLogging()).isEqualTo(ConsoleMode.AUTO);
        } finally {
            System.clearProperty(ConsoleMode.PROPERTY);
        }
    }

    @Test
    void eachModeLetsThroughItsLevels() {
        assertThat(ConsoleMode.AUTO.prints(Level.INFO)).isTrue();
        assertThat(ConsoleMode.AUTO.prints(Level.DEBUG)).isFalse();
        assertThat(ConsoleMode.INFO.prints(Level.WARN)).isTrue();
        assertThat(ConsoleMode.WARN.prints(Level.INFO)).isFalse();
        assertThat(ConsoleMode.WARN.prints(Level.WARN)).isTrue();
        assertThat(ConsoleMode.WARN.prints(Level.ERROR)).isTrue();
        assertThat(ConsoleMode.OFF.prints(Level.ERROR)).isFalse();
    }
}
