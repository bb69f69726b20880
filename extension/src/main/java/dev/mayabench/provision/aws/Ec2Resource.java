package dev.mayabench.provision.aws;

import dev.mayabench.stage.WorkspaceState.CreatedResource;
import java.util.Arrays;
import java.util.Optional;

/**
 * One EC2 resource mayabench created, as recorded in {@code state.json} and found by tag by the reaper.
 *
 * @param kind what it is
 * @param id   its EC2 id (the key name for key pairs)
 * @param vpc  the VPC an internet gateway is attached to, else empty
 */
record Ec2Resource(Kind kind, String id, String vpc) {

    Ec2Resource {
        vpc = vpc == null ? "" : vpc;
    }

    static Ec2Resource of(Kind kind, String id) {
        return new Ec2Resource(kind, id, "");
    }

    /** The kinds, in the order teardown removes them: dependants before what they depend on. */
    enum Kind {
        INSTANCE("aws-instance"),
        KEY_PAIR("aws-key-pair"),
        SECURITY_GROUP("aws-security-group"),
        ROUTE_TABLE("aws-route-table"),
        INTERNET_GATEWAY("aws-internet-gateway"),
        SUBNET("aws-subnet"),
        VPC("aws-vpc");

        private final String recorded;

        Kind(String recorded) {
            this.recorded = recorded;
        }

        String recorded() {
            return recorded;
        }

        static Optional<Kind> ofRecorded(String kind) {
            return Arrays.stream(values()).filter(k -> k.recorded.equals(kind)).findFirst();
        }
    }

    CreatedResource toCreated(String detail) {
        return new CreatedResource(kind.recorded(), id, vpc.isEmpty() ? detail : detail + "; vpc " + vpc);
    }

    /** The EC2 resource a {@code state.json} entry stands for, if it is one. */
    static Optional<Ec2Resource> fromCreated(CreatedResource created) {
        return Kind.ofRecorded(created.kind()).map(kind -> {
            int at = created.detail().lastIndexOf("; vpc ");
            String vpc = at < 0 ? "" : created.detail().substring(at + "; vpc ".length());
            return new Ec2Resource(kind, created.id(), vpc);
        });
    }

    @Override
    public String toString() {
        return kind.recorded() + " " + id;
    }
}
