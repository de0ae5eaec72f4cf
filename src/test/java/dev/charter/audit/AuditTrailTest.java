package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An organization admin reads their own organization's audit trail, page and JSON, with filters
 * and paging; another organization's events never show (ACC-3); people appear as current members
 * or as former members, and no row holds an erased member's user id.
 */
@CharterTest
class AuditTrailTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:ACC-3")
    void anAdminSeesOnlyTheirOrganizationsEvents() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        // a canary only B's log holds
        String canary = "canary-token-name-" + UUID.randomUUID();
        assertThat(b.api().postJson("/api/v1/account/tokens", Map.of("name", canary)).status()).isEqualTo(201);
        var failed = new Http(port).postJson("/api/v1/auth/signin", Map.of("email", b.email(), "password", "wrong " + UUID.randomUUID()));
        assertThat(failed.status()).isEqualTo(401);

        Set<Long> bIds = new HashSet<>(jdbc.sql("select id from audit_event where org_id = ?").param(b.org().value())
                .query(Long.class).list());
        assertThat(bIds).hasSizeGreaterThanOrEqualTo(4);

        for (String q : List.of("", "?action=identity", "?action=identity.signin", "?from=2000-01-01", "?page=0")) {
            JsonNode page = a.api().get("/api/v1/audit/events" + q).json();
            for (JsonNode e : page.get("events")) {
                assertThat(bIds).as("B's event in A's trail: " + e).doesNotContain(e.get("id").asLong());
            }
        }
        JsonNode mine = a.api().get("/api/v1/audit/events").json();
        assertThat(mine.get("events")).isNotEmpty();
        Set<Long> aIds = new HashSet<>(jdbc.sql("select id from audit_event where org_id = ?").param(a.org().value())
                .query(Long.class).list());
        mine.get("events").forEach(e -> assertThat(aIds).contains(e.get("id").asLong()));
        assertThat(a.browser().get("/audit").body()).contains("identity.account.created").doesNotContain(b.email());

        // and B sees its own failed sign-in, with the person it was about
        JsonNode bFailed = b.api().get("/api/v1/audit/events?action=identity.signin.failed").json().get("events");
        assertThat(bFailed).singleElement().satisfies(e -> {
            assertThat(e.get("subject").get("email").asString()).isEqualTo(b.email());
            assertThat(e.get("details").get("reason").asString()).isEqualTo("wrong password");
        });
    }

    @Test
    void filtersAndPagesWork() {
        Tenant a = Tenant.signUp(port);
        for (int i = 0; i < 55; i++) {
            assertThat(a.api().postJson("/api/v1/account/tokens", Map.of("name", "t" + i)).status()).isEqualTo(201);
        }
        JsonNode first = a.api().get("/api/v1/audit/events?action=identity.api-token.created").json();
        assertThat(first.get("events")).hasSize(50);
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        JsonNode second = a.api().get("/api/v1/audit/events?action=identity.api-token.created&page=1").json();
        assertThat(second.get("events")).hasSize(56 - 50);
        assertThat(second.get("hasNext").asBoolean()).isFalse();
        assertThat(first.get("events").get(0).get("id").asLong()).isGreaterThan(second.get("events").get(0).get("id").asLong());

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(a.api().get("/api/v1/audit/events?from=" + today + "&to=" + today).json().get("events")).isNotEmpty();
        assertThat(a.api().get("/api/v1/audit/events?from=" + tomorrow).json().get("events")).isEmpty();
        assertThat(a.api().get("/api/v1/audit/events?to=2000-01-01").json().get("events")).isEmpty();
        assertThat(a.api().get("/api/v1/audit/events?action=nothing.like.this").json().get("events")).isEmpty();

        var page = a.browser().get("/audit?action=identity.api-token&page=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("identity.api-token.created").contains("Newer").contains("Page 2");
    }

    @Test
    void badFiltersAreRefusedWithTheField() {
        Tenant a = Tenant.signUp(port);
        Map<String, String> bad = Map.of(
                "action=DROP%20TABLE", "action",
                "action=" + "a".repeat(101), "action",
                "from=yesterday", "from",
                "to=2024-13-45", "to",
                "from=2025-02-01&to=2025-01-01", "to",
                "page=-1", "page",
                "page=999999", "page");
        bad.forEach((q, field) -> {
            var r = a.api().get("/api/v1/audit/events?" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("errors").has(field)).as(q + " -> " + r.body()).isTrue();
        });
        var page = a.browser().get("/audit?from=yesterday");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("is-invalid").contains("Use a date like");
        assertThat(a.api().get("/api/v1/audit/export?to=nonsense").status()).isEqualTo(400);
    }

    @Test
    void membersAreNotAdminsOfTheLog() {
        Tenant a = Tenant.signUp(port);
        Tenant member = join(a, "MEMBER");
        assertThat(member.api().get("/api/v1/audit/events").status()).isEqualTo(403);
        assertThat(member.api().get("/api/v1/audit/verify").status()).isEqualTo(403);
        assertThat(member.api().get("/api/v1/audit/export").status()).isEqualTo(403);
        assertThat(member.browser().get("/audit").status()).isEqualTo(403);
        assertThat(member.browser().get("/audit/verify").status()).isEqualTo(403);
        assertThat(new Http(port).get("/api/v1/audit/events").status()).isEqualTo(401);
        assertThat(new Http(port).get("/audit").status()).isEqualTo(302);
    }

    @Test
    @Tag("claim:DSR-2")
    void aRemovedMemberBecomesAFormerMemberAndNoRowHoldsTheirId() {
        Tenant a = Tenant.signUp(port);
        Tenant member = join(a, "MEMBER");
        assertThat(member.api().postJson("/api/v1/account/tokens", Map.of("name", "by the member")).status()).isEqualTo(201);
        JsonNode before = a.api().get("/api/v1/audit/events?action=identity.api-token.created").json().get("events");
        assertThat(before).anySatisfy(e -> assertThat(e.get("actor").get("email").asString()).isEqualTo(member.email()));

        assertThat(a.api().delete("/api/v1/organization/members/" + member.user().value()).status()).isEqualTo(204);

        JsonNode after = a.api().get("/api/v1/audit/events").json().get("events");
        assertThat(after.toString()).doesNotContain(member.email()).doesNotContain(member.user().value().toString());
        assertThat(after).anySatisfy(e -> assertThat(e.get("actor").get("kind").asString()).isEqualTo("former-member"));
        assertThat(a.browser().get("/audit").body()).contains("former member").doesNotContain(member.email());
        // the security record stays, but nothing in the database names the erased user any more
        assertThat(new DatabaseScan(database).find(member.user().value().toString())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ?").param(a.org().value()).query(Long.class).single())
                .isGreaterThan(5);
    }

    @Test
    void theVerificationPageAndApiGiveTheVerdict() {
        Tenant a = Tenant.signUp(port);
        JsonNode v = a.api().get("/api/v1/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("rowsChecked").asLong()).isPositive();
        assertThat(v.get("problems")).isEmpty();
        var page = a.browser().get("/audit/verify");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Fingerprint").contains("--audit-key");
        var verdict = a.browser().form("/audit/verify", "/audit/verify", Map.of());
        assertThat(verdict.status()).isEqualTo(200);
        assertThat(verdict.body()).contains("Intact.");
    }

    static Tenant join(Tenant admin, String role) {
        var inv = admin.api().postJson("/api/v1/organization/invitations", Map.of("role", role));
        assertThat(inv.status()).isEqualTo(201);
        String token = inv.json().get("token").asString();
        String email = "member-" + UUID.randomUUID() + "@example.test";
        Http browser = new Http(admin.port());
        var joined = browser.postJson("/api/v1/auth/invitations/" + token,
                Map.of("email", email, "password", Tenant.PASSWORD, "displayName", "Member"));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        var tok = browser.postJson("/api/v1/account/tokens", Map.of("name", "member tests"));
        assertThat(tok.status()).isEqualTo(201);
        var account = joined.json();
        return new Tenant(email, Tenant.PASSWORD, admin.org(), new dev.charter.shared.UserId(UUID.fromString(account.get("id").asString())),
                browser, tok.json().get("secret").asString(), admin.port());
    }
}
