package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.Header;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * EGR-3 for AWS keys: the gateway signs the request with SigV4 inside egress, with the key lent by the vault; the
 * receiving end can verify the signature over what it received, and the secret key never travels.
 */
class GatewaySigV4Test {

    static final OrgId ORG = OrgId.random();
    static final String KEY_ID = "AKIAEXAMPLEKEYID0001";
    static final String SECRET = "sEcReT/Key+" + "x9Y8w7V6u5T4s3R2q1P0onml";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();
    private final URI base = URI.create(server.url("/model/"));

    @AfterEach
    void stop() {
        server.close();
    }

    private DefaultEgressGateway gateway() {
        t.resolver = host -> List.of(InetAddress.getLoopbackAddress());
        t.policy(EgressPolicy.forPurpose("test.aws").allow(Destination.connection().withMethods("POST")).build());
        return t.build();
    }

    @Test
    @Tag("claim:EGR-3")
    void signsTheRequestAsSentAndTheSecretNeverTravels() {
        DefaultEgressGateway g = gateway();
        SecretRef ref = t.credentials.store(ORG, KEY_ID + ":" + SECRET + ":SESSION-token-123");
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        EgressRequest request = EgressRequest.builder("test.aws", ORG).method("POST")
                .url(server.url("/model/anthropic.claude-v1%3A0/invoke")).header("Content-Type", "application/json")
                .body(body).credential(CredentialUse.sigV4(ref, "eu-west-1", "bedrock", base)).build();
        g.send(request);

        LocalServer.Received r = server.received.get(0);
        String authorization = r.header("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
                .contains("/eu-west-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, ");
        assertThat(r.header("X-Amz-Security-Token")).isEqualTo("SESSION-token-123");
        // what a verifier does: recompute over the request as it arrived
        SigV4.Signed expected = SigV4.sign(r.method(), r.path(), r.query(), List.of(
                new Header("Host", r.header("Host")), new Header("Content-Type", r.header("Content-Type")),
                new Header("X-Amz-Date", r.header("X-Amz-Date")),
                new Header("X-Amz-Security-Token", r.header("X-Amz-Security-Token"))),
                r.body(), KEY_ID, SECRET.getBytes(StandardCharsets.UTF_8), "eu-west-1", "bedrock");
        assertThat(authorization).isEqualTo(expected.authorization());
        assertThat(r.headers().toString()).doesNotContain(SECRET);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
        assertThat(request.toString()).doesNotContain(SECRET);

        // a stored value that is not key id and secret is refused before anything is sent
        SecretRef broken = t.credentials.store(ORG, "just-one-part-without-colon");
        assertThatThrownBy(() -> g.send(EgressRequest.builder("test.aws", ORG).method("POST")
                .url(server.url("/model/x/invoke")).body(body).credential(CredentialUse.sigV4(broken, "eu-west-1", "bedrock", base))
                .build())).isInstanceOf(EgressDeniedException.class);
        assertThat(server.received).hasSize(1);
        assertThatThrownBy(() -> CredentialUse.sigV4(ref, "EU WEST", "bedrock", base)).isInstanceOf(IllegalArgumentException.class);
    }
}
