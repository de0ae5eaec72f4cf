package dev.charter.crews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Creating crews and posting customers' messages through the API channel, for tests. */
public final class CrewsFixtures {

    private CrewsFixtures() {}

    public static String crew(Tenant t, String name) {
        return crew(t, name, List.of());
    }

    public static String crew(Tenant t, String name, List<String> origins) {
        var r = t.api().postJson("/api/v1/crews", Map.of("name", name, "origins", origins));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A customer's message through the API channel; the answer's JSON. */
    public static JsonNode post(Tenant t, String crewId, Map<String, Object> message) {
        var r = t.api().postJson("/api/v1/crews/" + crewId + "/messages", message);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public static JsonNode post(Tenant t, String crewId, String email, String text) {
        return post(t, crewId, Map.of("text", text, "contact", Map.of("email", email)));
    }

    /** A member (not an admin) of the tenant's organization. */
    public static Http member(Tenant owner) {
        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json()
                .get("token").asString();
        Http member = new Http(owner.port());
        var joined = member.postJson("/api/v1/auth/invitations/" + invite, Map.of("email", "m-" + UUID.randomUUID()
                + "@example.test", "password", "member password 1"));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        return member;
    }

    /** The organization's export document, with its organization part. */
    public static JsonNode export(Http as) {
        var started = as.postJson("/api/v1/privacy/exports", Map.of("includeOrganization", true));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        String status = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> as.get("/api/v1/privacy/exports/" + id).json().get("status").asString(),
                        s -> s.equals("DONE") || s.equals("FAILED"));
        assertThat(status).isEqualTo("DONE");
        var file = as.get("/api/v1/privacy/exports/" + id + "/download");
        assertThat(file.status()).isEqualTo(200);
        return file.json();
    }
}
