package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Consent attestations: who, when, the exact text and its SHA-256, withdrawal; admins only; per organization. */
@CharterTest
class ConsentsTest {

    @LocalServerPort int port;
    @Autowired Consents consents;

    @Test
    void anAdminAttestsAndWithdrawsAndProductsSeeItAtOnce() throws Exception {
        Tenant owner = Tenant.signUp(port);
        Tenant other = Tenant.signUp(port);
        String text = "We enable customer-call analysis for calls with external attendees. Ünïcode ok.";
        var created = owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", text));
        assertThat(created.status()).isEqualTo(201);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(created.json().get("textSha256").asString()).isEqualTo(sha);
        assertThat(created.json().get("attestedBy").asString()).isEqualTo(owner.user().toString());
        assertThat(consents.isActive(owner.org(), "customer-call-analysis")).isTrue();
        assertThat(consents.isActive(other.org(), "customer-call-analysis")).isFalse();

        assertThat(owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", "again"))
                .status()).isEqualTo(409);
        assertThat(other.api().postJson("/api/v1/privacy/consents/customer-call-analysis/withdraw", Map.of()).status()).isEqualTo(404);
        assertThat(consents.isActive(owner.org(), "customer-call-analysis")).isTrue();

        assertThat(owner.api().postJson("/api/v1/privacy/consents/customer-call-analysis/withdraw", Map.of()).status()).isEqualTo(204);
        assertThat(consents.isActive(owner.org(), "customer-call-analysis")).isFalse();
        var history = owner.api().get("/api/v1/privacy/consents").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).get("text").asString()).isEqualTo(text);
        assertThat(history.get(0).get("withdrawnAt").isNull()).isFalse();
        assertThat(owner.api().postJson("/api/v1/privacy/consents/customer-call-analysis/withdraw", Map.of()).status()).isEqualTo(404);
        // a new attestation after withdrawal is a new record
        assertThat(owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", "v2"))
                .status()).isEqualTo(201);
        assertThat(owner.api().get("/api/v1/privacy/consents").json().size()).isEqualTo(2);
    }

    @Test
    void membersCannotAttestAndBadInputIsRefused() {
        Tenant owner = Tenant.signUp(port);
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json().get("token").asString();
        Http member = new Http(port);
        member.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", "m-" + UUID.randomUUID() + "@example.test", "password", Tenant.PASSWORD));
        assertThat(member.postJson("/api/v1/privacy/consents", Map.of("processing", "x-y", "text", "I agree")).status()).isEqualTo(403);
        assertThat(consents.isActive(owner.org(), "x-y")).isFalse();

        var bad = owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "Not Valid!", "text", " "));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").has("processing")).isTrue();
        assertThat(bad.json().get("errors").has("text")).isTrue();
        assertThat(owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "x", "text", "a".repeat(10_001))).status())
                .isEqualTo(400);
        assertThat(owner.api().get("/api/v1/privacy/consents").json().size()).isZero();
    }
}
