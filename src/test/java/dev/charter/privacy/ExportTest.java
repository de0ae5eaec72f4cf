package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * DSR-1: a person exports all their data as documented JSON (charter.export/v1); an owner can
 * include the organization. DSR-6: an export never contains another organization's data.
 */
@CharterTest
class ExportTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired UsageEvents usage;
    @Autowired Consents consents;

    @Test
    @Tag("claim:DSR-1")
    @Tag("claim:DSR-6")
    void anExportHoldsEverythingAboutThePersonAndNothingOfAnotherOrganization() throws Exception {
        String name = "cnry-name-" + UUID.randomUUID();
        String phone = "+49 " + (100000 + new java.util.Random().nextInt(800000));
        String company = "cnry-company-" + UUID.randomUUID();
        Tenant owner = Tenant.signUp(port);
        assertThat(owner.api().json("PATCH", "/api/v1/account",
                Map.of("email", owner.email(), "displayName", name, "phone", phone, "company", company)).status()).isEqualTo(200);
        var token = owner.api().postJson("/api/v1/account/tokens", Map.of("name", "cnry-token-name")).json();
        String tokenSecret = token.get("secret").asString();
        owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER", "email", "invitee@example.test"));
        owner.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", "cnry-consent-text"));
        owner.api().json("PATCH", "/api/v1/privacy/processing", Map.of("objected", false));
        usage.featureUsed(owner.org(), owner.user(), "cnry.feature.own");

        Tenant other = Tenant.signUp(port);
        String otherName = "cnry-other-" + UUID.randomUUID();
        other.api().json("PATCH", "/api/v1/account", Map.of("email", other.email(), "displayName", otherName));
        other.api().postJson("/api/v1/privacy/consents", Map.of("processing", "customer-call-analysis", "text", "cnry-other-consent"));
        usage.featureUsed(other.org(), other.user(), "cnry.feature.other");

        JsonNode doc = Exports.run(owner.api(), true);
        String text = doc.toString();
        assertThat(doc.get("schema").asString()).isEqualTo("charter.export/v1");
        assertThat(doc.get("subject").get("userId").asString()).isEqualTo(owner.user().toString());
        JsonNode identity = doc.get("sections").get("identity");
        JsonNode account = identity.get("person").get("account");
        assertThat(account.get("email").asString()).isEqualTo(owner.email());
        assertThat(account.get("displayName").asString()).isEqualTo(name);
        assertThat(account.get("phone").asString()).isEqualTo(phone);
        assertThat(account.get("company").asString()).isEqualTo(company);
        assertThat(identity.get("person").get("membership").get("role").asString()).isEqualTo("OWNER");
        assertThat(identity.get("person").get("apiTokens").toString()).contains("cnry-token-name");
        assertThat(identity.get("person").get("sessions").size()).isGreaterThanOrEqualTo(1);
        assertThat(identity.get("organization").get("invitations").toString()).contains("invitee@example.test");
        JsonNode privacy = doc.get("sections").get("privacy");
        assertThat(privacy.get("person").get("consentsGiven").toString()).contains("cnry-consent-text");
        assertThat(privacy.get("organization").get("usageCounts").toString()).contains("cnry.feature.own");

        // nothing secret, nothing of the other organization
        String hash = jdbc.sql("select password_hash from identity_user where id = ?").param(owner.user().value())
                .query(String.class).single();
        assertThat(text).doesNotContain(hash).doesNotContain(tokenSecret).doesNotContain("password").doesNotContain("token_hash")
                .doesNotContain(other.email()).doesNotContain(otherName).doesNotContain("cnry-other-consent")
                .doesNotContain("cnry.feature.other").doesNotContain(other.org().toString());
    }

    @Test
    @Tag("claim:DSR-1")
    void aMemberExportsOnlyTheirOwnDataAndCannotIncludeTheOrganization() {
        Tenant owner = Tenant.signUp(port);
        String ownerCompany = "cnry-owner-company-" + UUID.randomUUID();
        owner.api().json("PATCH", "/api/v1/account", Map.of("email", owner.email(), "company", ownerCompany));
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json().get("token").asString();
        String memberEmail = "member-" + UUID.randomUUID() + "@example.test";
        Http member = new Http(port);
        assertThat(member.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", memberEmail, "password", Tenant.PASSWORD, "displayName", "cnry-member")).status()).isEqualTo(201);

        var refused = member.postJson("/api/v1/privacy/exports", Map.of("includeOrganization", true));
        assertThat(refused.status()).isEqualTo(403);
        JsonNode doc = Exports.run(member, false);
        assertThat(doc.get("includesOrganization").asBoolean()).isFalse();
        assertThat(doc.get("sections").get("identity").get("person").get("account").get("email").asString()).isEqualTo(memberEmail);
        assertThat(doc.get("sections").get("identity").has("organization")).isFalse();
        assertThat(doc.toString()).doesNotContain(ownerCompany).doesNotContain(owner.user().toString());

        // the owner cannot fetch the member's export either: 404, as for something that does not exist
        var jobs = member.get("/api/v1/privacy/exports").json();
        String id = jobs.get(0).get("id").asString();
        assertThat(owner.api().get("/api/v1/privacy/exports/" + id).status()).isEqualTo(404);
        assertThat(owner.api().get("/api/v1/privacy/exports/" + id + "/download").status()).isEqualTo(404);
    }

    @Test
    @Tag("claim:DSR-1")
    void thePagesStartAnExportShowProgressAndOfferTheDownload() throws Exception {
        Tenant t = Tenant.signUp(port);
        var account = t.browser().get("/account");
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body()).contains("id=\"export-start\"").contains("hx-get=\"/privacy/rights/panel\"");
        var panel = t.browser().get("/privacy/rights/panel");
        assertThat(panel.body()).contains("id=\"processing-form\"").contains("id=\"erase-form\"");

        var started = t.browser().form("/account", "/privacy/exports", Map.of());
        assertThat(started.status()).isEqualTo(302);
        String location = started.header("Location");
        Matcher m = Pattern.compile("/privacy/exports/([0-9a-f-]{36})$").matcher(location);
        assertThat(m.find()).as(location).isTrue();
        String id = m.group(1);
        var page = t.browser().get("/privacy/exports/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"export-progress\"");

        String fragment = "";
        for (int i = 0; i < 300 && !fragment.contains("export-download"); i++) {
            fragment = t.browser().get("/privacy/exports/" + id + "/progress").body();
            Thread.sleep(100);
        }
        assertThat(fragment).contains("id=\"export-download\"").doesNotContain("hx-trigger");
        var file = t.browser().get("/privacy/exports/" + id + "/download");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.json().get("schema").asString()).isEqualTo("charter.export/v1");
    }

    @Test
    @Tag("claim:DSR-1")
    void theFormatIsDocumentedWithEverySection() throws Exception {
        Tenant t = Tenant.signUp(port);
        JsonNode doc = Exports.run(t.api(), true);
        String schemaDoc = Files.readString(Path.of("docs/data-export-schema.md"));
        assertThat(schemaDoc).contains("charter.export/v1");
        for (String key : doc.propertyNames()) {
            assertThat(schemaDoc).as("top-level member %s is documented", key).contains("`" + key + "`");
        }
        for (String section : doc.get("sections").propertyNames()) {
            assertThat(schemaDoc).as("section %s is documented", section).contains("`sections." + section + "`");
            for (String part : doc.get("sections").get(section).get("person").propertyNames()) {
                assertThat(schemaDoc).as("%s.person.%s is documented", section, part).contains("`" + part + "`");
            }
        }
    }
}
