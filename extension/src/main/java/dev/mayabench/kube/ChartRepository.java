package dev.mayabench.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import dev.mayabench.config.Suggestions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A Helm chart repository as helm reads it: its {@code index.yaml} lists, per chart name, every published version.
 * mayabench reads it before installing anything, so a chart version that does not exist stops the run at once,
 * naming the versions there are, instead of failing half-way through {@code helm upgrade --install} (helm's own
 * "chart ... version ... not found" comes only after the namespace and the values are in place).
 *
 * <p>The index format is Helm's ({@code apiVersion: v1}, {@code entries: {<chart>: [{version: ...}, ...]}}),
 * https://helm.sh/docs/topics/chart_repository/#the-index-file; Mayastor's repository is
 * {@value MayastorChart#REPOSITORY} (its {@code gh-pages} branch of openebs/mayastor-extensions).
 *
 * <pre>{@code
 * ChartRepository repo = ChartRepository.of(URI.create("https://openebs.github.io/mayastor-extensions/"));
 * repo.versions("mayastor");                                         // [2.11.0, 2.10.0, ..., 2.0.0]
 * repo.requirePublished("mayastor", "2.11.9", "mayastor.chartVersion");
 * // ConfigurationException: mayastor.chartVersion = '2.11.9': a version of chart mayastor published in
 * //   https://openebs.github.io/mayastor-extensions/index.yaml: 2.11.0, 2.10.0, ...; did you mean '2.11.0'?
 * }</pre>
 */
@API(status = API.Status.INTERNAL)
public final class ChartRepository {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final URI url;
    private final HttpClient http;
    private JsonNode index;

    private ChartRepository(URI url) {
        String text = Objects.requireNonNull(url, "url").toString();
        this.url = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The repository at this address (helm's {@code --repo}); nothing is read until a version is asked for. */
    public static ChartRepository of(URI url) {
        return new ChartRepository(url);
    }

    /** The repository's address, as helm's {@code --repo} takes it. */
    public URI url() {
        return url;
    }

    /** Where the index is read from. */
    public URI indexUrl() {
        return url.resolve("index.yaml");
    }

    /**
     * The chart's published versions, newest first (pre-releases included, as {@code helm search repo --devel}
     * would show them).
     *
     * @throws KubeException when the index cannot be read or does not list the chart
     */
    public List<String> versions(String chart) {
        JsonNode entries = index().path("entries").path(chart);
        if (!entries.isArray() || entries.isEmpty()) {
            throw new KubeException("the chart repository " + url + " has no chart '" + chart + "' in "
                    + indexUrl() + "; charts there: " + listOf(index().path("entries").fieldNames()));
        }
        List<String> versions = new ArrayList<>();
        entries.forEach(entry -> {
            String version = entry.path("version").asText("");
            if (!version.isEmpty() && !versions.contains(version)) {
                versions.add(version);
            }
        });
        versions.sort(Comparator.comparing(ChartVersion::parse).reversed());
        return List.copyOf(versions);
    }

    /**
     * Throws unless the chart is published in this version; the message names the setting, the versions there
     * are and the closest one.
     *
     * @param setting the setting the version came from, for the message ({@code mayastor.chartVersion})
     */
    public void requirePublished(String chart, String version, String setting) {
        List<String> versions = versions(chart);
        String wanted = version.replaceFirst("^v", "");
        if (versions.contains(wanted)) {
            return;
        }
        List<String> releases = versions.stream().filter(v -> !v.contains("-")).toList();
        List<String> shown = (releases.isEmpty() ? versions : releases).stream().limit(12).toList();
        throw new ConfigurationException(new Problem(setting, version, "a version of chart " + chart
                + " published in " + indexUrl() + ": " + String.join(", ", shown)
                + (versions.size() > shown.size() ? ", ... (" + versions.size() + " in all)" : ""),
                Suggestions.closest(wanted, versions).map(s -> "did you mean '" + s + "'?")
                        .orElse("use " + shown.get(0) + ", the newest release")
                        + " (the index is what helm reads: helm search repo " + chart + " --versions)"));
    }

    private synchronized JsonNode index() {
        if (index == null) {
            URI indexUrl = indexUrl();
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(indexUrl)
                        .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new KubeException("cannot read the chart repository's index " + indexUrl + ": HTTP "
                            + response.statusCode() + "; is " + url + " a Helm chart repository?");
                }
                index = YAML.readTree(response.body());
            } catch (IOException e) {
                throw new KubeException("cannot read the chart repository's index " + indexUrl + ": " + e
                        + "; check the machine's network or proxy, then retry", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubeException("interrupted while reading " + indexUrl, e);
            }
            if (index == null || !index.path("entries").isObject()) {
                throw new KubeException(indexUrl + " is not a Helm repository index (no 'entries' map)");
            }
        }
        return index;
    }

    private static String listOf(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list.isEmpty() ? "none" : String.join(", ", list);
    }
}
