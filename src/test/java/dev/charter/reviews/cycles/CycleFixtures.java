package dev.charter.reviews.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.shared.UserId;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Members, a source connection and signals for the cycle tests, written as the sync writes them. */
final class CycleFixtures {

    private CycleFixtures() {}

    /** A member who joined {@code admin}'s organization by invitation. */
    static Tenant join(Tenant admin, String role) {
        var inv = admin.api().postJson("/api/v1/organization/invitations", Map.of("role", role));
        assertThat(inv.status()).as(inv.body()).isEqualTo(201);
        String email = "member-" + UUID.randomUUID() + "@example.test";
        Http browser = new Http(admin.port());
        var joined = browser.postJson("/api/v1/auth/invitations/" + inv.json().get("token").asString(),
                Map.of("email", email, "password", Tenant.PASSWORD, "displayName", "Member " + email.substring(7, 12)));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        var tok = browser.postJson("/api/v1/account/tokens", Map.of("name", "member tests"));
        assertThat(tok.status()).isEqualTo(201);
        return new Tenant(email, Tenant.PASSWORD, admin.org(), new UserId(UUID.fromString(joined.json().get("id").asString())),
                browser, tok.json().get("secret").asString(), admin.port());
    }

    /** A connection for signals to belong to (signals only need its row). */
    static UUID connection(Tenant t) {
        var r = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", "source " + UUID.randomUUID(),
                "baseUrl", "https://api.example.com", "authScheme", "BEARER", "secret", "source-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    static UUID pull(JdbcClient db, Tenant t, UUID connection, String login, String title, Instant at, boolean merged) {
        String facts = "{\"repository\":\"acme/api\",\"number\":1,\"state\":\"" + (merged ? "closed" : "open")
                + "\",\"draft\":false,\"created_at\":\"" + at + "\"" + (merged ? ",\"merged_at\":\"" + at + "\"" : "") + "}";
        return signal(db, t, connection, "GITHUB", "PULL_REQUEST", "acme/api#" + UUID.randomUUID(), login, at, title, facts,
                "https://github.example/acme/api/pull/1");
    }

    static UUID email(JdbcClient db, Tenant t, UUID connection, String from, String messageId, Instant at) {
        String facts = "{\"from\":\"" + from + "\",\"to\":[\"cy@client.example\"],\"cc\":[],\"date\":\"" + at
                + "\",\"message_id\":\"" + messageId + "\"}";
        return signal(db, t, connection, "GMAIL", "EMAIL", "gmail-" + UUID.randomUUID(), from, at, null, facts, null);
    }

    static UUID signal(JdbcClient db, Tenant t, UUID connection, String source, String kind, String externalId,
                       String identity, Instant at, String title, String facts, String link) {
        UUID id = UUID.randomUUID();
        db.sql("""
                insert into reviews_signal (org_id, id, connection_id, source, kind, external_id, identity, occurred_at,
                                            title, facts, link, count, synced_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 1, now())""")
                .params(t.org().value(), id, connection, source, kind, externalId, identity, Timestamp.from(at), title, facts, link)
                .update();
        return id;
    }

    static void link(Tenant admin, String source, String identity, UserId person) {
        var r = admin.api().json("PUT", "/api/v1/reviews/people/identities",
                Map.of("source", source, "identity", identity, "person", person.value().toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static String cycle(Tenant admin, String name, String from, String to) {
        var r = admin.api().postJson("/api/v1/reviews/cycles", Map.of("name", name, "from", from, "to", to));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String review(Tenant admin, String cycle, UserId reviewee, UserId reviewer) {
        var r = admin.api().postJson("/api/v1/reviews/cycles/" + cycle + "/reviews",
                Map.of("reviewee", reviewee.value().toString(), "reviewer", reviewer.value().toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }
}
