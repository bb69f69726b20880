package dev.mayabench.provision.aws;

import dev.mayabench.config.ConfigurationException;
import dev.mayabench.config.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * Builds the one kind of EC2 client mayabench uses: credentials from the SDK's default chain only, the standard
 * retry strategy with more attempts than its default 3 (a provisioning run makes a hundred calls, and EC2
 * throttles bursts with {@code RequestLimitExceeded}), and an optional endpoint for emulators and tests.
 */
final class Ec2Clients {

    /** Attempts per call, first one included: at 30 % throttling the chance that all fail is 0.3^10. */
    static final int MAX_ATTEMPTS = 10;

    private Ec2Clients() {
    }

    static Ec2Client create(String region, Optional<URI> endpoint) {
        return create(region, endpoint, DefaultCredentialsProvider.builder().build());
    }

    static Ec2Client create(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .build()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The region the user set, else the SDK's default chain ({@code AWS_REGION}, the profile's region). */
    static String region(Optional<String> configured) {
        if (configured.isPresent()) {
            return configured.get();
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConfigurationException(new Problem("region", "", "an AWS region such as eu-west-1",
                    "no region is set and the AWS SDK found none (AWS_REGION, the profile's region); set "
                            + "@MayastorCluster(region = \"eu-west-1\"), -Dmayabench.region=eu-west-1 or AWS_REGION",
                    "default"));
        }
    }

    /**
     * Fails fast, before anything is created, when the default chain has no credentials. The message names the
     * places the SDK looked, never a key.
     */
    static void requireCredentials(AwsCredentialsProvider credentials) {
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new ConfigurationException(new Problem("AWS credentials", "", "credentials in the AWS SDK's "
                    + "default chain", "none found (environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "~/.aws/credentials, AWS_PROFILE, SSO, container or instance role); run 'aws configure' or "
                    + "'aws sso login', or export AWS_PROFILE; mayabench never reads keys from its own files",
                    "default chain"));
        }
    }
}
