package dev.mayabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mayabench.fixtures.ec2.FakeEc2;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mayabench up --dry-run} against the fake EC2 endpoint: the plan is printed, nothing is created. */
class UpDryRunTest {

    /** Every EC2 action the aws provider calls that creates, changes or deletes something. */
    static final List<String> MUTATING = List.of("CreateVpc", "ModifyVpcAttribute", "CreateSubnet",
            "ModifySubnetAttribute", "CreateInternetGateway", "AttachInternetGateway", "CreateRouteTable",
            "CreateRoute", "AssociateRouteTable", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress",
            "ImportKeyPair", "RunInstances", "CreateTags", "TerminateInstances", "DeleteVpc");

    static final Map<String, String> SETTINGS = Map.of("aws.accessKeyId", "AKIAFAKEFAKEFAKE0003",
            "aws.secretAccessKey", "dry/run/secret", "mayabench.name", "dryrun", "mayabench.provider", "aws",
            "mayabench.region", "eu-west-1", "mayabench.storageNodes", "2", "mayabench.instance", "i3.xlarge",
            "mayabench.aws.sshCidr", "198.51.100.7/32");

    FakeEc2 fake;

    @BeforeEach
    void start() {
        fake = FakeEc2.start("eu-west-1");
        SETTINGS.forEach(System::setProperty);
        System.setProperty("mayabench.aws.endpoint", fake.endpoint().toString());
    }

    @AfterEach
    void stop() {
        SETTINGS.keySet().forEach(System::clearProperty);
        System.clearProperty("mayabench.aws.endpoint");
        fake.close();
    }

    @Test
    void aDryRunPrintsThePlanAndMakesNoMutatingCall() {
        MayabenchCommandTest.Result result = MayabenchCommandTest.run("up", "--dry-run");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("master-1\\s+bastion,master\\s+m5\\.xlarge")
                .containsPattern("storage-1\\s+storage\\s+i3\\.xlarge")
                .containsPattern("storage-2\\s+storage\\s+i3\\.xlarge")
                .contains("SSH (tcp/22) from 198.51.100.7/32 only")
                .contains("VPC 10.42.0.0/16")
                .contains("kubernetes: installed with k3s")
                .contains("mayastor: chart mayastor ")
                .contains("cpuCount: \"2\"")
                .contains("hugepages2Mi: \"2048Mi\"")
                .contains("pool: mayabench-storage-1 on storage-1")
                .contains("storage class: mayabench-dryrun (io.openebs.csi-mayastor, repl=")
                .contains("volumes: ")
                .contains("dry run: nothing was created");
        assertThat(MUTATING).allSatisfy(action -> assertThat(fake.calls(action)).as(action).isZero());
        assertThat(fake.calls("DescribeInstanceTypes")).as("it asked the read-only questions").isPositive();
        assertThat(fake.liveResources()).isEmpty();
    }
}
