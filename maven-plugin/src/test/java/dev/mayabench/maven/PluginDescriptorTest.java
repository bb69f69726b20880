package dev.mayabench.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The descriptor maven-plugin-plugin generates: what {@code mvn mayabench:<goal>} resolves through. */
class PluginDescriptorTest {

    static Document descriptor() throws Exception {
        Path file = Path.of("target", "classes", "META-INF", "maven", "plugin.xml");
        assertThat(file).as("generated in process-classes").isRegularFile();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    static String child(Element element, String name) {
        NodeList nodes = element.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    @Test
    void hasThePrefixAndEveryGoalOfTheContract() throws Exception {
        Element plugin = descriptor().getDocumentElement();
        assertThat(child(plugin, "goalPrefix")).isEqualTo("mayabench");
        assertThat(child(plugin, "artifactId")).isEqualTo("mayabench-maven-plugin");
        Map<String, Element> goals = new LinkedHashMap<>();
        NodeList mojos = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            goals.put(child(mojo, "goal"), mojo);
        }
        assertThat(goals).containsOnlyKeys("report", "list", "down", "reap", "up", "doctor");
        assertThat(child(goals.get("report"), "phase")).isEqualTo("post-integration-test");
        List<String> aggregators = new ArrayList<>();
        goals.forEach((goal, mojo) -> {
            if ("true".equals(child(mojo, "aggregator"))) {
                aggregators.add(goal);
            }
        });
        assertThat(aggregators).as("once per build, not once per module").containsExactlyInAnyOrder("list", "down",
                "reap", "up", "doctor");
    }

    @Test
    void theGoalsTakeTheContractsProperties() throws Exception {
        String text = new String(java.nio.file.Files.readAllBytes(Path.of("target/classes/META-INF/maven/plugin.xml")));
        assertThat(text).contains("${mayabench.cluster}", "${mayabench.olderThan}", "${mayabench.dryRun}",
                "${mayabench.report.skip}");
    }
}
