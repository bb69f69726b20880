package dev.mayabench.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of the {@code aws.*} settings: shapes only; whether an AMI or a zone exists is asked of EC2. */
final class AwsChecks {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/(\\d{1,2}))?");
    private static final Pattern AMI = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]");
    private static final DurationSetting TTL_SETTING = new DurationSetting(Duration.ofMinutes(30),
            Duration.ofDays(30), "mhd", 'h', "a cluster takes longer than that to set up and benchmark",
            "to keep a cluster longer, use reuse = true: kept clusters are never reaped");

    private AwsChecks() {
    }

    static Verdict<Optional<URI>> endpoint(String raw) {
        String value = raw.trim();
        String allowed = "an http or https URL, e.g. http://127.0.0.1:4566";
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                // localhost:4566 parses as scheme "localhost": a host and port without the scheme
                boolean hostAndPort = value.matches("[A-Za-z0-9.-]+:[0-9]+(/.*)?");
                return Verdict.reject(allowed, uri.getScheme() == null || hostAndPort
                        ? "did you mean 'http://" + value + "'?" : "the URL has no host");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Verdict.reject(allowed, "'" + uri.getScheme() + "' is not http or https");
            }
            return Verdict.accept(Optional.of(uri));
        } catch (URISyntaxException e) {
            return Verdict.reject(allowed, e.getReason());
        }
    }

    static Verdict<Optional<String>> sshCidr(String raw) {
        String value = raw.trim();
        String allowed = "an IPv4 address or CIDR block, e.g. 198.51.100.7/32 (your public address)";
        Matcher m = CIDR.matcher(value);
        if (!m.matches()) {
            return Verdict.reject(allowed, "write four numbers separated by dots, optionally with /prefix");
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return Verdict.reject(allowed, "each of the four numbers is at most 255");
            }
        }
        int prefix = m.group(6) == null ? 32 : Integer.parseInt(m.group(6));
        if (prefix > 32) {
            return Verdict.reject(allowed, "the prefix is at most /32");
        }
        if (prefix == 0) {
            return Verdict.reject(allowed, "/0 would open SSH to the whole internet; use your address with /32");
        }
        return Verdict.accept(Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4)
                + "/" + prefix));
    }

    static Verdict<Optional<String>> ami(String raw) {
        String value = raw.trim();
        if (AMI.matcher(value).matches()) {
            return Verdict.accept(Optional.of(value));
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return Verdict.reject("an AMI id, ami- and 8 or 17 hex digits, e.g. ami-0abcdef1234567890",
                AMI.matcher(lower).matches() ? "did you mean '" + lower + "'?"
                        : AMI.matcher("ami-" + lower).matches() ? "did you mean 'ami-" + lower + "'?"
                        : "copy the id from the EC2 console's AMI catalog for your region");
    }

    static Verdict<Optional<String>> zone(String raw) {
        String value = raw.trim();
        if (ZONE.matcher(value).matches()) {
            return Verdict.accept(Optional.of(value));
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return Verdict.reject("an availability zone such as eu-west-1a (the region followed by a letter)",
                ZONE.matcher(lower).matches() ? "did you mean '" + lower + "'?"
                        : "name the zone, not the region: add its letter, e.g. " + lower + "a");
    }

    static Verdict<Duration> ttl(String raw) {
        return TTL_SETTING.check(raw);
    }

    /** The way {@link #ttl} reads it back: whole days, hours or minutes. */
    static String text(Duration ttl) {
        return DurationSetting.text(ttl);
    }
}
