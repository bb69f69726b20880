package dev.mayabench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mayabench.config.ClusterSpec;
import dev.mayabench.config.ConfigSources;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.docs.Markdown.Block;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The blocks that are not Java: each is read by the code that would read it for real. A {@code mayabench.yaml}
 * goes through mayabench's own configuration loader, a {@code junit-platform.properties} names only keys JUnit
 * Jupiter knows, XML and JSON parse, and the blocks a consumer's pom is made from hold what their marker says.
 */
class StructuredBlocksTest {

    static final String MAYABENCH_YAML = "mayabench.yaml";
    static final String POM_DEPENDENCIES = "consumer: pom-dependencies";
    static final String POM_PLUGINS = "consumer: pom-plugins";

    @TempDir
    Path temp;

    @Test
    void everyMayabenchYamlBlockLoadsWithoutProblems() throws IOException {
        List<Block> yaml = blocks("yaml").stream().filter(b -> b.marker().equals(MAYABENCH_YAML)).toList();
        List<String> wrong = new ArrayList<>();
        for (Block block : yaml) {
            Path file = Files.writeString(temp.resolve("mayabench-" + block.line() + ".yaml"), block.text());
            try {
                // the public way a test class's settings are read: the file as the classpath's mayabench.yaml,
                // no system properties and no environment, so only the block is judged
                ClusterSpec.load(null, ConfigSources.none().withClasspathFile(file.toUri().toURL()));
            } catch (ConfigurationException e) {
                wrong.add(block.where() + ": " + e.getMessage());
            }
        }
        assertThat(yaml).as("blocks marked <!-- %s -->", MAYABENCH_YAML).isNotEmpty();
        assertThat(wrong).as("mayabench.yaml blocks the loader refuses").isEmpty();
    }

    @Test
    void everyYamlBlockParses() {
        List<String> wrong = new ArrayList<>();
        for (Block block : blocks("yaml")) {
            try {
                new YAMLMapper().readTree(block.text());
            } catch (IOException e) {
                wrong.add(block.where() + ": " + e.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyPropertiesBlockParsesAndNamesOnlyKeysJunitJupiterKnows() throws Exception {
        Set<String> known = jupiterConfigurationKeys();
        List<Block> properties = blocks("properties");
        List<String> wrong = new ArrayList<>();
        for (Block block : properties) {
            Properties parsed = new Properties();
            parsed.load(new StringReader(block.text()));
            long written = block.text().lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).count();
            if (parsed.size() != written) {
                wrong.add(block.where() + ": " + written + " lines, " + parsed.size() + " properties");
            }
            parsed.stringPropertyNames().stream().filter(k -> !known.contains(k))
                    .forEach(k -> wrong.add(block.where() + ": '" + k + "' is not a JUnit Jupiter configuration "
                            + "parameter (org.junit.jupiter.engine.Constants)"));
        }
        assertThat(properties).isNotEmpty();
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyXmlBlockParses() {
        List<String> wrong = new ArrayList<>();
        for (Block block : blocks("xml")) {
            try {
                elements(block);
            } catch (Exception e) {
                wrong.add(block.where() + ": " + e.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyJsonBlockParses() {
        List<String> wrong = new ArrayList<>();
        for (Block block : blocks("json")) {
            try {
                new ObjectMapper().readTree(block.text());
            } catch (IOException e) {
                wrong.add(block.where() + ": " + e.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theConsumerDependenciesAreMayabenchJunitOfThisVersionAndJunitJupiter() throws Exception {
        List<Element> dependencies = consumerElements(POM_DEPENDENCIES);

        assertThat(dependencies).extracting(Element::getTagName).containsOnly("dependency");
        assertThat(dependencies).extracting(StructuredBlocksTest::coordinates)
                .contains("dev.mayabench:mayabench-junit:" + projectVersion())
                .anyMatch(c -> c.startsWith("org.junit.jupiter:junit-jupiter:"));
    }

    @Test
    void theConsumerPluginsDeclareTheMayabenchMavenPluginOfThisVersion() throws Exception {
        List<Element> plugins = consumerElements(POM_PLUGINS);

        assertThat(plugins).extracting(Element::getTagName).containsOnly("plugin");
        assertThat(plugins).extracting(StructuredBlocksTest::coordinates)
                .contains("dev.mayabench:mayabench-maven-plugin:" + projectVersion());
    }

    private static List<Element> consumerElements(String marker) throws Exception {
        List<Block> marked = blocks("xml").stream().filter(b -> b.page().getFileName().toString().equals("README.md"))
                .filter(b -> b.marker().equals(marker)).toList();
        assertThat(marked).as("README xml blocks marked <!-- %s -->", marker).hasSize(1);
        return elements(marked.get(0));
    }

    /** The block's top-level elements; a pom fragment has several, so it is parsed inside a root of its own. */
    static List<Element> elements(Block block) throws Exception {
        String text = block.text().strip();
        boolean fragment = !text.startsWith("<?xml") && !text.startsWith("<project");
        String document = fragment ? "<fragment>" + text + "</fragment>" : text;
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(document)))
                .getDocumentElement();
        if (!fragment) {
            return List.of(root);
        }
        List<Element> elements = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) children.item(i));
            }
        }
        return elements;
    }

    /** {@code groupId:artifactId[:version]} of a dependency or plugin element. */
    static String coordinates(Element element) {
        String version = child(element, "version");
        return child(element, "groupId") + ":" + child(element, "artifactId") + (version.isEmpty() ? "" : ":" + version);
    }

    private static String child(Element element, String name) {
        NodeList found = element.getElementsByTagName(name);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }

    static String projectVersion() {
        String version = System.getProperty("docs.version");
        assertThat(version).as("docs.version (set by this module's surefire configuration)").isNotBlank();
        return version;
    }

    static List<Block> blocks(String language) {
        return Markdown.allBlocks().stream().filter(b -> b.language().equals(language)).toList();
    }

    /** The configuration parameter names Jupiter's engine declares; the engine is on the test runtime path. */
    static Set<String> jupiterConfigurationKeys() throws ReflectiveOperationException {
        Class<?> constants = Class.forName("org.junit.jupiter.engine.Constants");
        Set<String> keys = new java.util.TreeSet<>();
        for (Field field : constants.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                keys.add((String) field.get(null));
            }
        }
        return keys.stream().filter(k -> k.startsWith("junit.")).collect(Collectors.toSet());
    }
}
