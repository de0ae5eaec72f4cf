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

    private static final java.util.regex.Pattern PASSAGE_ID = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /**
     * A crew that answers from the shipping page (CrewsKnowledgeTest.SHIPPING) with the organization's own model: an
     * OpenAI-compatible connection to {@code modelBase}.
     */
    public static String crewWithOwnModel(Tenant t, String name, List<String> origins, String modelBase) {
        String crew = crew(t, name, origins);
        var doc = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Shipping", "format", "markdown",
                "content", CrewsKnowledgeTest.SHIPPING));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        var connected = t.api().postJson("/api/v1/connections", Map.of("kind", "OPENAI_COMPATIBLE", "label", "Our model",
                "baseUrl", modelBase, "secret", "sk-" + UUID.randomUUID()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        return crew;
    }

    /**
     * What a stand-in model writes for a crew's request: {@code answer} citing the first passage it was given, or,
     * for a profiling request (no passages), a neutral sentiment.
     */
    public static String modelWrites(JsonNode request, String answer) {
        String prompt = request.path("messages").toString().replace("\\\"", "\"");
        java.util.regex.Matcher passage = PASSAGE_ID.matcher(prompt);
        if (prompt.contains("passages") && passage.find()) {
            return "{\"answer\":\"" + answer + "\",\"citations\":[\"" + passage.group(1) + "\"],\"handOver\":false}";
        }
        return "{\"sentiment\":{\"value\":\"neutral\",\"confidence\":0.9,\"runnerUp\":\"positive\",\"runnerUpConfidence\":0.05}}";
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
