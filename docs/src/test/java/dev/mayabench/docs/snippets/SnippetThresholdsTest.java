package dev.mayabench.docs.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fio.Threshold;
import dev.mayabench.fio.ThresholdSyntaxException;
import dev.mayabench.junit.Fio;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The snippets that are compiled but not run still hold nothing the extension would refuse: every threshold they
 * declare parses as the extension parses it before a class runs.
 */
class SnippetThresholdsTest {

    static final List<Class<?>> SNIPPETS = List.of(ThresholdSnippets.class, BaselineSnippets.class, KubernetesSnippets.class,
            TimelineSnippets.class);

    @Test
    void everyThresholdTheSnippetsDeclareParses() {
        List<String> expressions = SNIPPETS.stream().flatMap(SnippetThresholdsTest::withNested)
                .flatMap(c -> Stream.concat(Stream.of(c), Arrays.stream(c.getDeclaredMethods())))
                .map(e -> ((AnnotatedElement) e).getAnnotation(Fio.class))
                .filter(f -> f != null)
                .flatMap(f -> Arrays.stream(f.expect()))
                .toList();
        List<String> refused = new ArrayList<>();
        for (String expression : expressions) {
            try {
                Threshold.parse(expression);
            } catch (ThresholdSyntaxException e) {
                refused.add(expression + ": " + e.getMessage());
            }
        }
        assertThat(expressions).as("thresholds in the snippets").isNotEmpty();
        assertThat(refused).isEmpty();
    }

    private static Stream<Class<?>> withNested(Class<?> type) {
        return Stream.concat(Stream.of(type), Arrays.stream(type.getDeclaredClasses()).flatMap(
                SnippetThresholdsTest::withNested));
    }
}
