package dev.charter.crews;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/** A crew, one of its conversations and its contact, for the ownership test (ACC-3's walk over every route). */
public class CrewsOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        String crewId = CrewsFixtures.crew(owner, "owned");
        var posted = CrewsFixtures.post(owner, crewId, "owned-" + java.util.UUID.randomUUID() + "@example.test", "Hello there");
        var document = owner.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Owned", "format", "text",
                "content", "An owned document."));
        // a lone email is too little evidence for the lead score: it waits in the review queue
        String reviewId = owner.api().get("/api/v1/crews/reviews").json().values().stream()
                .filter(i -> i.get("conversationId").asString().equals(posted.get("conversationId").asString()))
                .findFirst().orElseThrow().get("id").asString();
        String widgetKey = owner.api().get("/api/v1/crews/" + crewId).json().get("widgetKey").asString();
        return Map.of("crewId", crewId, "widgetKey", widgetKey, "conversationId", posted.get("conversationId").asString(),
                "contactId", posted.get("contactId").asString(), "documentId", document.json().get("id").asString(),
                "reviewId", reviewId);
    }
}
