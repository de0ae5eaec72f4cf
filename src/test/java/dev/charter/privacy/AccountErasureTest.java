package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * DSR-2: deleting an account removes the person and everything of theirs at once: no soft delete,
 * no row left anywhere that holds their id or their data. An admin with data in every kernel table
 * is deleted, then every text, json, uuid and bytea column of every table is searched.
 */
@CharterTest
class AccountErasureTest {

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    record Person(Http browser, String email, UUID id, String name, String company) {}

    @Test
    @Tag("claim:DSR-2")
    void nothingThatRefersToTheDeletedPersonIsLeftOutsideTheAuditLog() {
        Tenant owner = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            Person p = adminWithDataEverywhere(owner, canary);
            assertThat(canary.database(p.id().toString())).extracting(Canary.Hit::where)
                    .contains("identity_user.id", "identity_membership.user_id", "identity_session.user_id",
                            "identity_api_token.user_id", "identity_invitation.created_by", "privacy_consent.attested_by",
                            "privacy_processing_restriction.user_id", "privacy_export_job.user_id");
            assertThat(canary.database(p.name())).isNotEmpty();

            var deleted = p.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", p.email()));
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().get("organizationDeleted").asBoolean()).isFalse();

            canary.assertNowhere(p.name(), p.company(), p.email());
            canary.assertNowhereExcept(Set.of("audit_event"), p.id().toString());
            assertThat(p.browser().get("/api/v1/account").status()).isEqualTo(401);
            // what the organization owns stays, without the person
            assertThat(owner.api().get("/api/v1/privacy/consents").json().get(0).has("attestedBy")).isFalse();
        }
    }

    /**
     * The audit log keeps what happened but names people only by pseudonym, so not even the audit
     * rows hold the deleted person's raw id. The audit module's pseudonymous actors are built on
     * another branch; until they are merged, audit_event stores raw ids and this test would fail.
     */
    @Test
    @Tag("claim:DSR-2")
    void auditRowsHoldNoRawIdOfTheDeletedPerson() {
        Tenant owner = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            Person p = adminWithDataEverywhere(owner, canary);
            assertThat(p.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", p.email())).status()).isEqualTo(200);
            canary.assertNowhere(p.id().toString());
        }
    }

    private Person adminWithDataEverywhere(Tenant owner, Canary canary) {
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "ADMIN")).json().get("token").asString();
        String email = canary.plant("email") + "@example.test";
        String name = canary.plant("name");
        String company = canary.plant("company");
        Http browser = new Http(port);
        var joined = browser.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", email, "password", Tenant.PASSWORD, "displayName", name));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        UUID id = UUID.fromString(joined.json().get("id").asString());
        browser.json("PATCH", "/api/v1/account", Map.of("email", email, "displayName", name, "company", company, "phone", "+1 555 0100"));
        assertThat(browser.postJson("/api/v1/account/tokens", Map.of("name", "script")).status()).isEqualTo(201);
        assertThat(browser.postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).status()).isEqualTo(201);
        assertThat(browser.postJson("/api/v1/privacy/consents", Map.of("processing", "erasure-probe", "text", "We agree.")).status())
                .isEqualTo(201);
        assertThat(browser.json("PATCH", "/api/v1/privacy/processing", Map.of("analyticsOptOut", true)).status()).isEqualTo(200);
        Exports.run(browser, false);
        assertThat(browser.get("/privacy").status()).isEqualTo(200);
        return new Person(browser, email, id, name, company);
    }
}
