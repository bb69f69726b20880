package dev.mayabench.provision.aws;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * This machine's public IPv4 address as the internet sees it, the only source the security group admits SSH
 * from. Asked of AWS's own {@code checkip} service; when that cannot be reached (a proxy, no internet) the user
 * names the address with {@code aws.sshCidr}.
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.INTERNAL)
public final class ExecutorAddress {

    static final URI CHECKIP = URI.create("https://checkip.amazonaws.com/");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ExecutorAddress() {
    }

    static String detect() {
        return detect(CHECKIP);
    }

    /** As {@link #detect()}, with {@code setting} named in the error as the way to give the address instead. */
    public static String detect(String setting) {
        return detect(CHECKIP, setting);
    }

    static String detect(URI service) {
        return detect(service, "aws.sshCidr");
    }

    static String detect(URI service, String setting) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String why;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(service)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body().trim();
            if (response.statusCode() == 200 && IPV4.matcher(body).matches()) {
                return body + "/32";
            }
            why = service + " answered HTTP " + response.statusCode() + " without an IPv4 address";
        } catch (IOException e) {
            why = "cannot reach " + service + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while asking " + service;
        }
        throw new ConfigurationException(new Problem(setting, "", "this machine's public address as a /32",
                why + "; set it yourself: -Dmayabench." + setting + "=<your public IPv4>/32", "detection"));
    }
}
