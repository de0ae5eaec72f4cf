package dev.charter.identity;

import dev.charter.testing.Http;
import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/** Identity's objects for the ownership test: a member, an invitation, an API token. */
public class IdentityOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        Http http = owner.browser();
        String invitationId = http.postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"))
                .json().get("invitation").get("id").asString();
        String joinToken = http.postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"))
                .json().get("token").asString();
        var joined = new Http(owner.port()).postJson("/api/v1/auth/invitations/" + joinToken,
                Map.of("email", "m-" + UUID.randomUUID() + "@example.test", "password", "member password 1"));
        String userId = joined.json().get("id").asString();
        String tokenId = http.postJson("/api/v1/account/tokens", Map.of("name", "fixture")).json()
                .get("token").get("id").asString();
        return Map.of("invitationId", invitationId, "userId", userId, "tokenId", tokenId);
    }
}
