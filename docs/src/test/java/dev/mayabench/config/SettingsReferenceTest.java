package dev.mayabench.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.docs.Markdown;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md lists exactly the settings mayabench reads, each spelled as {@link Setting} derives its
 * property and environment variable. In this package because {@code Setting} is package-private: the docs are
 * checked against the very enum the loader uses, so a new setting without a row fails the build.
 */
class SettingsReferenceTest {

    /** A table row whose first cell is a key in backticks: {@code | `storageNodes` | `mayabench.storageNodes` / ...}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|(.*)$");
    private static final Pattern SPELLINGS = Pattern.compile("^\\s*`([^`]+)`\\s*/\\s*`([^`]+)`");
    private static final Pattern FIO_ATTRIBUTES = Pattern.compile("attributes: ((?:`\\w+`(?:, )?)+)");
    static final String FIO_ROW = "fio.<attribute>";

    static Path settingsPage() {
        return Markdown.root().resolve("docs/settings.md");
    }

    /** Rows of the table under the heading {@code heading}: key to the rest of the row. */
    static Map<String, String> table(Path page, String heading) {
        List<String> lines = Markdown.prose(page);
        int start = lines.indexOf(heading);
        assertThat(start).as("heading '%s' in %s", heading, page.getFileName()).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.matches()) {
                assertThat(rows.put(row.group(1), row.group(2))).as("row '%s' written twice", row.group(1)).isNull();
            }
        }
        return rows;
    }

    static Map<String, String> settingsTable() {
        return table(settingsPage(), "## Every setting");
    }

    @Test
    void theReferenceListsExactlyTheSettingsTheLoaderKnows() {
        List<String> expected = new ArrayList<>(Arrays.stream(Setting.values()).map(Setting::key).toList());
        expected.add(FIO_ROW);

        assertThat(settingsTable().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void eachSettingIsSpelledAsSettingDerivesItsPropertyAndVariable() {
        Map<String, String> table = settingsTable();
        List<String> wrong = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String rest = table.get(setting.key());
            if (rest == null) {
                continue; // reported by theReferenceListsExactlyTheSettingsTheLoaderKnows
            }
            Matcher spelled = SPELLINGS.matcher(rest);
            String expected = "`" + setting.property() + "` / `" + setting.environmentVariable() + "`";
            if (!spelled.find() || !spelled.group(1).equals(setting.property())
                    || !spelled.group(2).equals(setting.environmentVariable())) {
                wrong.add(setting.key() + ": second column must start with " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theDocumentedVariableOfASettingWithAUnitInItsNameIsAccepted() {
        // docs/settings.md says MAYABENCH_AWS_ROOT_VOLUME_GIB; it used to be refused as unknown (the derived name
        // was MAYABENCH_AWS_ROOT_VOLUME_GI_B), so the documented spelling did not work
        ClusterSpec spec = ClusterSpec.load(null, ConfigSources.of(java.util.Map.of(),
                java.util.Map.of("MAYABENCH_AWS_ROOT_VOLUME_GIB", "50")));

        // the local provider does not use it, so it is listed as not applicable: read, not refused
        assertThat(spec.notApplicable()).anyMatch(sentence -> sentence.startsWith("aws.rootVolumeGiB = 50"));
    }

    @Test
    void theFioRowNamesEveryAttributeAFioSettingMayOverride() {
        Matcher attributes = FIO_ATTRIBUTES.matcher(settingsTable().getOrDefault(FIO_ROW, ""));

        assertThat(attributes.find()).as("the %s row says 'attributes: `profile`, `rw`, ...'", FIO_ROW).isTrue();
        assertThat(Arrays.stream(attributes.group(1).split(", ")).map(a -> a.replace("`", "")).toList())
                .containsExactlyElementsOf(Setting.FIO_KEYS);
    }

    @Test
    void noSettingIsSaidToBeUsedByAProviderThatReportsItAsNotApplicable() {
        Map<String, String> table = settingsTable();
        List<String> wrong = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String rest = table.get(setting.key());
            if (rest == null) {
                continue;
            }
            String[] cells = rest.split("\\|");
            String providers = cells[cells.length - 1].strip();
            List<String> documented = providers.equals("all") ? Setting.PROVIDERS
                    : Arrays.stream(providers.split(",")).map(p -> p.strip().split(" ")[0]).toList();
            for (String provider : documented) {
                if (!Setting.PROVIDERS.contains(provider)) {
                    wrong.add(setting.key() + ": '" + provider + "' is not a provider " + Setting.PROVIDERS);
                } else if (setting.unusedBecause(provider).isPresent()) {
                    wrong.add(setting.key() + ": the page says " + provider + " uses it, but mayabench reports it as "
                            + "not applicable there (" + setting.unusedBecause(provider).get() + ")");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theNamesOtherPartsOfMayabenchReadAreListedWithTheirSpellings() {
        Map<String, String> table = table(settingsPage(), "## Read by other parts of mayabench");
        // the Maven plugin's goal parameters may be tolerated too; they are documented with the goals
        Map<String, String> goalParameters = table(Markdown.root().resolve("docs/commands.md"), "### Goal parameters");
        List<String> documented = new ArrayList<>(table.keySet());
        goalParameters.keySet().forEach(p -> documented.add(p.substring("mayabench.".length())));

        assertThat(documented).as("names documented in settings.md and with the goals in commands.md")
                .containsAll(ClusterSpecLoader.OTHER_COMPONENTS_PROPERTIES);
        assertThat(ClusterSpecLoader.OTHER_COMPONENTS_PROPERTIES).as("names the loader tolerates")
                .containsAll(table.keySet());
        // some are read only as a system property (ansible.home): then the row names no variable
        table.forEach((key, rest) -> assertThat(rest).as(key).startsWith(" `mayabench." + key + "`")
                .matches(r -> !r.contains("`MAYABENCH_")
                        || r.startsWith(" `mayabench." + key + "` / `" + Setting.environmentVariable(key) + "`"),
                        "names the variable " + Setting.environmentVariable(key)));
    }

    @Test
    void theReadmesMostUsedSettingsAreSettings() {
        Map<String, String> readme = table(Markdown.root().resolve("README.md"), "## The ten most-used settings");

        assertThat(readme).hasSize(10);
        assertThat(Setting.allKeys()).containsAll(readme.keySet());
    }
}
