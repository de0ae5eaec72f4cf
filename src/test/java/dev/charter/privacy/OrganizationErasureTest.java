package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DSR-5: an owner erases the whole organization; every member's account and all its data go at
 * once, and the signed receipt (counts per data class, audit reference) verifies with the
 * published key — on the server and independently.
 */
@CharterTest
class OrganizationErasureTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @Autowired BillingRecords billing;
    @Autowired UsageEvents usage;

    @Test
    @Tag("claim:DSR-5")
    void anOwnerErasesTheOrganizationInFullAndGetsAVerifiableReceipt() {
        Tenant owner = Tenant.signUp(port);
        Tenant bystander = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            String ownerName = canary.plant("owner-name");
            String memberName = canary.plant("member-name");
            String plan = canary.plant("plan");
            owner.api().json("PATCH", "/api/v1/account", Map.of("email", owner.email(), "displayName", ownerName));
            String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json().get("token").asString();
            Http member = new Http(port);
            var joined = member.postJson("/api/v1/auth/invitations/" + invite,
                    Map.of("email", canary.plant("member") + "@example.test", "password", Tenant.PASSWORD, "displayName", memberName));
            String memberId = joined.json().get("id").asString();
            owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER", "email", "pending@example.test"));
            owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", canary.plant("consent")));
            member.json("PATCH", "/api/v1/privacy/processing", Map.of("restricted", true));
            billing.record(owner.org(), LocalDate.now().minusMonths(1), LocalDate.now(), plan, 4900, "EUR");
            usage.featureUsed(owner.org(), owner.user(), canary.plant("feature"));
            Exports.run(owner.api(), true);
            String bystanderName = canary.plant("bystander");
            bystander.api().json("PATCH", "/api/v1/account", Map.of("email", bystander.email(), "displayName", bystanderName));

            // only the owner, and only with the organization's name
            assertThat(member.postJson("/api/v1/privacy/organization/erasure", Map.of("confirmation", "Org " + owner.email()))
                    .status()).isEqualTo(403);
            var wrong = owner.api().postJson("/api/v1/privacy/organization/erasure", Map.of("confirmation", "something else"));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json().get("errors").has("confirmation")).isTrue();
            assertThat(canary.database(ownerName)).isNotEmpty();

            var erased = owner.browser().postJson("/api/v1/privacy/organization/erasure", Map.of("confirmation", "Org " + owner.email()));
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            JsonNode receipt = erased.json();
            assertThat(receipt.get("schema").asString()).isEqualTo("charter.erasure-receipt/v1");
            assertThat(receipt.get("organizationId").asString()).isEqualTo(owner.org().toString());
            assertThat(receipt.get("accountsDeleted").asInt()).isEqualTo(2);
            assertThat(receipt.get("removed").get("identity.users").asInt()).isEqualTo(2);
            assertThat(receipt.get("removed").get("identity.memberships").asInt()).isEqualTo(2);
            assertThat(receipt.get("removed").get("privacy.billing-records").asInt()).isEqualTo(1);
            assertThat(receipt.get("removed").get("privacy.consents").asInt()).isEqualTo(1);
            assertThat(receipt.get("removed").get("privacy.exports").asInt()).isEqualTo(1);
            receipt.get("remaining").properties().forEach(e -> assertThat(e.getValue().asLong()).as(e.getKey()).isZero());
            assertThat(receipt.get("auditReference").get("target").asString())
                    .isEqualTo("erasure-receipt:" + receipt.get("receiptId").asString());

            // nothing of the organization is left; the audit log keeps the fact (legal minimum), nothing else
            canary.assertNowhere(ownerName, memberName, plan, owner.email());
            canary.assertNowhereExcept(Set.of("audit_event"), owner.org().toString(), owner.user().toString(), memberId);
            assertThat(canary.database(bystanderName)).isNotEmpty();
            assertThat(owner.browser().get("/api/v1/account").status()).isEqualTo(401);
            assertThat(owner.api().get("/api/v1/account").status()).isEqualTo(401);

            // anyone can verify the receipt: on the server, and offline with the published key
            Http anyone = new Http(port);
            var verdict = anyone.postJson("/api/v1/privacy/receipts/verify", receipt);
            assertThat(verdict.status()).isEqualTo(200);
            assertThat(verdict.json().get("valid").asBoolean()).isTrue();
            var key = anyone.get("/api/v1/privacy/receipts/key").json();
            assertThat(verifyOffline(receipt, key.get("publicKey").asString())).isTrue();

            ObjectNode tampered = ((ObjectNode) receipt).deepCopy();
            ((ObjectNode) tampered.get("removed")).put("identity.users", 1);
            assertThat(anyone.postJson("/api/v1/privacy/receipts/verify", tampered).json().get("valid").asBoolean()).isFalse();
            assertThat(verifyOffline(tampered, key.get("publicKey").asString())).isFalse();
            ObjectNode unsigned = ((ObjectNode) receipt).deepCopy();
            unsigned.remove("signature");
            assertThat(anyone.postJson("/api/v1/privacy/receipts/verify", unsigned).json().get("valid").asBoolean()).isFalse();
        }
    }

    @Test
    @Tag("claim:DSR-5")
    void thePageErasesWithConfirmationAndShowsTheReceipt() {
        Tenant owner = Tenant.signUp(port);
        var refused = owner.browser().form("/privacy", "/privacy/organization/erase", Map.of("confirmation", "nope"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"erase-confirmation-error\"");
        assertThat(owner.api().get("/api/v1/account").status()).isEqualTo(200);

        var done = owner.browser().form("/privacy", "/privacy/organization/erase", Map.of("confirmation", "Org " + owner.email()));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"erasure-receipt\"").contains("charter.erasure-receipt/v1");
        assertThat(owner.api().get("/api/v1/account").status()).isEqualTo(401);

        Http anyone = new Http(port);
        assertThat(anyone.get("/privacy/receipts/verify").status()).isEqualTo(200);
        var bad = anyone.form("/privacy/receipts/verify", "/privacy/receipts/verify", Map.of("receipt", "not json"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"receipt-error\"");
    }

    /** Verification as a third party would do it: RFC 8785-style canonical JSON without the signature, Ed25519. */
    static boolean verifyOffline(JsonNode receipt, String publicKeyBase64) {
        ObjectNode body = ((ObjectNode) receipt).deepCopy();
        String signature = body.get("signature").get("value").asString();
        body.remove("signature");
        byte[] message = canonical(body).getBytes(StandardCharsets.UTF_8);
        var verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(Base64.getDecoder().decode(publicKeyBase64), 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(Base64.getUrlDecoder().decode(signature));
    }

    private static String canonical(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>(n.propertyNames());
            names.sort(null);
            StringBuilder b = new StringBuilder("{");
            for (String name : names) {
                b.append(b.length() > 1 ? "," : "").append(quote(name)).append(':').append(canonical(n.get(name)));
            }
            return b.append('}').toString();
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.values().forEach(v -> parts.add(canonical(v)));
            return "[" + String.join(",", parts) + "]";
        }
        if (n.isString()) {
            return quote(n.asString());
        }
        return n.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
