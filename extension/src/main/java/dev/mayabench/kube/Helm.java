package dev.mayabench.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code helm} as a process, the way Mayastor's users install it. Uses the {@code helm} on the PATH; when
 * there is none, a pinned release ({@value #VERSION}) downloaded once into the workspace's {@code bin/},
 * checked against the SHA-256 published beside it. Output is streamed to the stage log; a failure names the
 * command and ends with helm's last lines.
 *
 * <pre>{@code
 * Helm helm = new Helm(workspace.file("bin"), spec.kube().helmMirror(), context::log);
 * helm.upgradeInstall(new HelmRelease("mayastor", "mayastor", MayastorChart.REPOSITORY, "2.11.0", "mayastor"),
 *         Map.of("etcd", Map.of("replicaCount", 1)), kubeconfig, Duration.ofMinutes(15));
 * }</pre>
 */
final class Helm {

    static final String VERSION = "3.18.4";
    private static final int TAIL_LINES = 25;

    private final Path binDirectory;
    private final URI downloads;
    private final Consumer<String> log;
    private final Path executable;

    Helm(Path binDirectory, URI downloads, Consumer<String> log) {
        this(binDirectory, downloads, log, null);
    }

    private Helm(Path binDirectory, URI downloads, Consumer<String> log, Path executable) {
        this.binDirectory = Objects.requireNonNull(binDirectory, "binDirectory");
        this.downloads = Objects.requireNonNull(downloads, "downloads");
        this.log = Objects.requireNonNull(log, "log");
        this.executable = executable;
    }

    /** This helm executable and no other (not the PATH's): for tests that must not meet a real helm. */
    static Helm at(Path executable, Consumer<String> log) {
        return new Helm(executable.toAbsolutePath().getParent(), URI.create("http://127.0.0.1:9/"), log, executable);
    }

    /** A chart release to install. */
    record HelmRelease(String name, String chart, String repository, String version, String namespace) {
    }

    /**
     * {@code helm upgrade --install} with the values, waiting until the release's resources are ready.
     *
     * @throws HelmException when helm cannot be found, downloaded or fails
     */
    void upgradeInstall(HelmRelease release, Map<String, Object> values, Path kubeconfig, Duration timeout) {
        Path valuesFile = binDirectory.resolveSibling(release.name() + "-values.yaml");
        try {
            Files.createDirectories(valuesFile.getParent());
            new ObjectMapper(new YAMLFactory()).writeValue(valuesFile.toFile(), values);
        } catch (IOException e) {
            throw new HelmException("cannot write the Helm values file " + valuesFile + ": " + e.getMessage(), e);
        }
        run(List.of(binary().toString(), "upgrade", "--install", release.name(), release.chart(),
                "--repo", release.repository(), "--version", release.version(),
                "--namespace", release.namespace(), "--create-namespace",
                "--values", valuesFile.toString(), "--wait", "--timeout", timeout.toSeconds() + "s",
                "--kubeconfig", kubeconfig.toString()), timeout.plusMinutes(1));
    }

    /** {@code helm uninstall}, waiting for the resources to go. */
    void uninstall(String release, String namespace, Path kubeconfig, Duration timeout) {
        run(List.of(binary().toString(), "uninstall", release, "--namespace", namespace, "--wait",
                "--timeout", timeout.toSeconds() + "s", "--kubeconfig", kubeconfig.toString()), timeout.plusMinutes(1));
    }

    /** The helm to run: on the PATH, in the workspace, or downloaded into it now. */
    Path binary() {
        if (executable != null) {
            return executable;
        }
        Path kept = binDirectory.resolve("helm");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "helm"))) {
                return Path.of(dir, "helm");
            }
        }
        if (Files.isExecutable(kept)) {
            return kept;
        }
        return download(kept);
    }

    private Path download(Path target) {
        String archive = "helm-v" + VERSION + "-linux-" + architecture() + ".tar.gz";
        URI url = downloads.resolve(archive);
        log.accept("helm is not on the PATH: downloading " + url + " into " + binDirectory);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            byte[] tarball = get(http, url);
            String published = new String(get(http, downloads.resolve(archive + ".sha256sum")), StandardCharsets.UTF_8)
                    .trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tarball));
            if (!actual.equals(published)) {
                throw new HelmException("the helm download " + url + " does not match its published SHA-256 ("
                        + published + ", got " + actual + "); nothing was installed. Install helm " + VERSION
                        + " yourself and put it on the PATH", null);
            }
            Files.createDirectories(binDirectory);
            Path file = binDirectory.resolve(archive);
            Files.write(file, tarball);
            Process tar = new ProcessBuilder("tar", "-xzf", file.toString(), "-C", binDirectory.toString(),
                    "--strip-components=1", "linux-" + architecture() + "/helm").redirectErrorStream(true).start();
            String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0 || !Files.isExecutable(target)) {
                throw new HelmException("cannot unpack " + file + ": " + out.trim(), null);
            }
            Files.delete(file);
            return target;
        } catch (IOException e) {
            throw new HelmException("helm is not on the PATH and cannot be downloaded from " + url + ": "
                    + e.getMessage() + "; install helm " + VERSION + " (https://helm.sh/docs/intro/install/) and put "
                    + "it on the PATH", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelmException("interrupted while installing helm", e);
        }
    }

    private static byte[] get(HttpClient http, URI url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + url);
        }
        return response.body();
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    }

    private void run(List<String> command, Duration limit) {
        String shown = String.join(" ", command);
        log.accept("running " + shown);
        Deque<String> tail = new ArrayDeque<>();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.accept("helm: " + line);
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HelmException("helm did not finish within " + limit.toMinutes() + " min: " + shown, null);
            }
            if (process.exitValue() != 0) {
                throw new HelmException("helm failed (exit " + process.exitValue() + "): " + shown
                        + System.lineSeparator() + String.join(System.lineSeparator(), new ArrayList<>(tail)), null);
            }
        } catch (IOException e) {
            throw new HelmException("cannot run helm: " + shown + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelmException("interrupted while running " + shown, e);
        }
    }
}
