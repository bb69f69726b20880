package dev.mayabench.docs.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.config.SourcedValue;
import dev.mayabench.fio.FioJob;
import dev.mayabench.fio.Precondition;
import dev.mayabench.fio.VolumeMode;
import dev.mayabench.junit.Fio;
import org.junit.jupiter.api.Test;

/** The snippet's preconditioning is a mode the extension accepts, and it applies to the snippet's job. */
class SnippetPreconditionTest {

    @Test
    void theSnippetsPreconditionIsAcceptedAndAppliesToItsWriteJob() throws Exception {
        Fio fio = PreconditionSnippets.class.getDeclaredMethod("randomWritesAfterTheFill", dev.mayabench.fio.FioResult.class)
                .getAnnotation(Fio.class);
        Precondition precondition = Precondition.parse(new SourcedValue(fio.precondition(), "snippet"));

        assertThat(precondition.passes()).hasSize(2);
        assertThat(precondition.notApplicableTo(FioJob.profile(fio.profile()), fio.volumeMode())).isEmpty();
    }
}
