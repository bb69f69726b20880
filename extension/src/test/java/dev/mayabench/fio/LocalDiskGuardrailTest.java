package dev.mayabench.fio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faster-than-local-disk} on real fio results: a run held to 200 IOPS stands for the slower storage, the
 * same job unthrottled for the faster one; each is judged against the other as its local-disk reference.
 */
class LocalDiskGuardrailTest {

    @TempDir
    static Path dir;

    static FioResult slow;
    static FioResult fast;
    static FioJob job;

    @BeforeAll
    static void measure() throws Exception {
        slow = FioResult.parse(FioOutputs.run(dir, "slow", FioOutputs.job(dir, "pod", "rw=randread", "rate_iops=200"),
                "--output-format=json+"));
        fast = FioResult.parse(FioOutputs.run(dir, "fast", FioOutputs.job(dir, "pod", "rw=randread"),
                "--output-format=json+"));
        job = FioJob.profile("randread-4k");
        assertThat(fast.read().iops()).as("the unthrottled run is the faster").isGreaterThan(slow.read().iops() * 2);
    }

    private static List<Guardrails.Finding> localDiskFindings(FioResult result) {
        return Guardrails.check(job, result, false).stream().filter(f -> f.id().equals("faster-than-local-disk"))
                .toList();
    }

    @Test
    void readsFasterThanTheLocalDiskAreFlaggedAsACache() {
        FioResult judged = fast.withLocalDisk(new LocalDiskReference("local-path", slow));

        assertThat(localDiskFindings(judged)).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("read: ").contains("StorageClass local-path").contains("a cache answered the reads"));
    }

    @Test
    void resultsSlowerThanTheLocalDiskPass() {
        assertThat(localDiskFindings(slow.withLocalDisk(new LocalDiskReference("local-path", fast)))).isEmpty();
    }

    @Test
    void withoutAReferenceTheRuleIsQuiet() {
        assertThat(localDiskFindings(fast)).isEmpty();
        assertThat(fast.localDisk()).isEmpty();
    }

    @Test
    void theReferenceSurvivesBaselineAndOrigin() {
        FioResult judged = fast.withLocalDisk(new LocalDiskReference("local-path", slow))
                .withBaseline(slow).withOrigin("randread-4k", dir.resolve("x.json")).ranOn("pod-0");

        assertThat(judged.localDisk()).hasValueSatisfying(r -> assertThat(r.storageClass()).isEqualTo("local-path"));
    }
}
