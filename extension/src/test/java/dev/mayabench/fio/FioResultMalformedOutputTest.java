package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken output (real fio output, damaged) gets an error that quotes where it went wrong. */
class FioResultMalformedOutputTest {

    @TempDir
    static Path dir;

    static String real;

    @BeforeAll
    static void runFio() throws Exception {
        real = Files.readString(FioOutputs.run(dir, "real", FioOutputs.job(dir, "victim", "rw=randread"),
                "--output-format=json+"));
    }

    @Test
    void emptyOutputSaysFioWroteNothing() {
        assertThatThrownBy(() -> FioResult.parse("  \n"))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void outputWithoutJsonQuotesItsFirstLine() {
        assertThatThrownBy(() -> FioResult.parse("fio: failed parsing bs=4q\nfio: job global dropped\n"))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("no JSON object")
                .hasMessageContaining("'fio: failed parsing bs=4q'");
    }

    @Test
    void truncatedJsonSaysItIsCutOff() {
        String truncated = real.substring(0, real.length() / 2);

        assertThatThrownBy(() -> FioResult.parse(truncated))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void syntaxErrorQuotesTheLineWithACaret() {
        String broken = real.replaceFirst("\"iops\" : ", "\"iops\" : ]");

        assertThatThrownBy(() -> FioResult.parse(broken))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("at line ")
                .hasMessageContaining("\"iops\" : ]")
                .hasMessageContaining("^");
    }

    @Test
    void missingFieldIsNamedByItsJsonPath() {
        String missing = real.replaceFirst("\"total_ios\"", "\"total_iosX\"");

        assertThatThrownBy(() -> FioResult.parse(missing))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("jobs[0].read.total_ios should be a number but is missing");
    }

    @Test
    void jsonThatIsNotFioOutputIsRecognised() {
        assertThatThrownBy(() -> FioResult.parse("{\"kind\": \"Pod\"}"))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining("neither \"jobs\" nor \"client_stats\"");
    }

    @Test
    void missingFileIsNamed() {
        Path nowhere = dir.resolve("never-written.json");

        assertThatThrownBy(() -> FioResult.parse(nowhere))
                .isInstanceOf(FioOutputException.class)
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void errorsFromAFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), real.substring(0, 200));

        assertThatThrownBy(() -> FioResult.parse(file))
                .isInstanceOf(FioOutputException.class)
                .hasMessageStartingWith(file.toString());
    }
}
