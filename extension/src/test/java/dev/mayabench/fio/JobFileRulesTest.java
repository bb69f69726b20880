package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's job file may not decide where data goes, must have closed section headers, and may not use sizes
 * that fio reads differently from how they read; each refusal names the file, the line and a fix that works.
 */
class JobFileRulesTest {

    private static final String ORIGIN = "@Fio(jobFile) on MixedBenchmark#mixed";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Problem refused(Path file) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FioJob.fromJobFile(file.toString(), ORIGIN));
        assertThat(e).as("%s is refused", file.getFileName()).isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void aDirectoryLineIsRefusedNamingTheFileTheLineAndTheSettingToUseInstead() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path file = write("escape.fio", "[global]\nioengine=psync\nsize=64k\n\n[a]\nrw=write\ndirectory=" + elsewhere
                + "  ; my scratch disk\n");

        Problem p = refused(file);

        assertThat(p.setting()).isEqualTo(ORIGIN);
        assertThat(p.value()).isEqualTo(file.toString());
        assertThat(p.fix()).contains(file + " line 7 sets directory=" + elsewhere,
                "remove the line and set mayabench.local.dir", "mayabench.local.device with @Fio(volumeMode = BLOCK)");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void theFixOfTheRefusalWorks_withoutTheLineTheDataLandsInMayabenchsDirectoryAndNowhereElse() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        String fixed = "[global]\nioengine=psync\nsize=64k\n\n[a]\nrw=write\nfilename=a.dat\n";
        Path data = Files.createDirectories(dir.resolve("data"));
        Path runDir = Files.createDirectories(dir.resolve("run"));

        Path jobFile = FioJob.fromJobFile(write("fixed.fio", fixed).toString(), ORIGIN)
                .writeTo(runDir.resolve("fixed.fio"), data);
        RealFio.runJson(jobFile);

        assertThat(data.resolve("a.dat")).as("a relative filename lands under mayabench's directory=, not in fio's "
                + "working directory").hasSize(64 * 1024);
        try (Stream<Path> files = Files.list(runDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("fixed.fio",
                    "fixed.fio.json");
        }
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void everyOptionThatPlacesDataOutsideIsRefused() throws Exception {
        assertThat(refused(write("o.fio", "[a]\nsize=64k\nopendir=/srv/in\n")).fix())
                .contains("line 3 sets opendir=/srv/in");
        assertThat(refused(write("f.fio", "[a]\nsize=64k\nfilename_format=/srv/$jobname.$jobnum\n")).fix())
                .contains("line 3 sets filename_format=");
        assertThat(refused(write("abs.fio", "[a]\nsize=64k\nfilename=/dev/shm/x.dat\n")).fix())
                .contains("line 3 sets filename=/dev/shm/x.dat", "is absolute", "write a plain name such as "
                        + "filename=x.dat");
        assertThat(refused(write("up.fio", "[a]\nsize=64k\nfilename=ok.dat:../../x.dat\n")).fix())
                .contains("'../../x.dat' climbs out with ..");
    }

    @Test
    void theSuggestedPlainFilenameIsAccepted() throws Exception {
        Problem p = refused(write("abs.fio", "[a]\nsize=64k\nfilename=/dev/shm/x.dat\n"));
        String suggested = p.fix().replaceAll(".*such as (filename=\\S+) .*", "$1");

        assertThat(FioJob.fromJobFile(write("fixed.fio", "[a]\nsize=64k\n" + suggested + "\n").toString(), ORIGIN)
                .jobNames()).containsExactly("a");
    }

    @Test
    void anUnclosedSectionHeaderIsNamedWithItsLineInsteadOfFiosSizeMessage() throws Exception {
        Path file = write("unclosed.fio", "[global\nioengine=psync\nsize=64k\n[reader]\nrw=read\n");

        Problem p = refused(file);

        assertThat(p.fix()).isEqualTo(file + " line 1 reads '[global', which fio takes for a job named 'globa' "
                + "(its last letter dropped); close it: [global]");
        // fio itself only complains about a missing size for the next job
        assertThat(RealFio.run(Files.createDirectories(dir.resolve("fio-alone")), "--output-format=json",
                file.toString()).output()).contains("you need to specify size=");
        Path fixed = write("closed.fio", "[global]\nioengine=psync\nsize=64k\n[reader]\nrw=read\n");
        assertThat(RealFio.parseOnly(fixed).exitCode()).isZero();
        assertThat(FioJob.fromJobFile(fixed.toString(), ORIGIN).jobNames()).containsExactly("reader");
    }

    @Test
    void anIecSizeInAJobFileIsRefusedWithTheSpellingFioReadsAsMeant() throws Exception {
        Path file = write("iec.fio", "[global]\nioengine=psync\nrw=write\n[w]\nbs=4KiB\nsize=64k\n");

        Problem p = refused(file);

        assertThat(p.fix()).contains("line 5 sets bs=4KiB", "4KiB is 4000 bytes, not 4096", "did you mean bs=4k?");
        Path fixed = write("fixed.fio", "[global]\nioengine=psync\nrw=write\n[w]\nbs=4k\nsize=64k\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        JsonNode job = RealFio.runJson(FioJob.fromJobFile(fixed.toString(), ORIGIN)
                .writeTo(dir.resolve("run.fio"), data)).get("jobs").get(0);
        assertThat(RealFio.blockSize(job, "write")).isEqualTo(4096);
    }

    @Test
    void aJobFileWithItsOwnKbBaseKeepsItsUnits() throws Exception {
        Path file = write("si.fio", "[global]\nkb_base=1000\nioengine=psync\n[w]\nbs=4KiB\nsize=64k\n");

        assertThat(FioJob.fromJobFile(file.toString(), ORIGIN).options()).containsEntry("kb_base", "1000");
    }

    @Test
    void allBrokenRulesOfAFileAreReportedAtOnce() throws Exception {
        Path file = write("many.fio", "[global\nsize=1MiB\ndirectory=/tmp\n[a]\nfilename=/tmp/x\n");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> FioJob.fromJobFile(file.toString(), ORIGIN));

        assertThat(e.problems()).extracting(Problem::fix).satisfiesExactly(
                f -> assertThat(f).contains("line 1 reads '[global'"),
                f -> assertThat(f).contains("line 2 sets size=1MiB"),
                f -> assertThat(f).contains("line 3 sets directory=/tmp"),
                f -> assertThat(f).contains("line 5 sets filename=/tmp/x"));
    }

    @Test
    void anIncludedFileIsHeldToTheSameRules() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/common.fio"), "ioengine=psync\nsize=64k\ndirectory=/srv/scratch\n");
        Path file = write("src/main.fio", "[global]\ninclude common.fio\n[reader]\nrw=read\n");

        Problem p = refused(file);

        assertThat(p.fix()).contains(dir.resolve("src/common.fio") + " (included by " + file + ") line 3 sets "
                + "directory=/srv/scratch", "remove the line");
    }
}
