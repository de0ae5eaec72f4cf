package dev.charter.testing;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.Map;
import java.util.UUID;

/**
 * A signed-up organization with its owner, for tests: a browser-like client holding the session
 * cookie, and an API token for scripts.
 */
public record Tenant(String email, String password, OrgId org, UserId user, Http browser, String apiToken, int port) {

    public static final String PASSWORD = "a long enough password";

    /** Signs up a new organization with a unique email through the JSON API. */
    public static Tenant signUp(int port) {
        return signUp(port, "owner-" + UUID.randomUUID() + "@example.test", PASSWORD);
    }

    public static Tenant signUp(int port, String email, String password) {
        Http http = new Http(port);
        var r = http.postJson("/api/v1/auth/signup", Map.of("email", email, "password", password,
                "organization", "Org " + email, "displayName", "Test Owner"));
        if (r.status() != 201) {
            throw new AssertionError("sign-up failed: " + r.status() + " " + r.body());
        }
        var account = r.json();
        var token = http.postJson("/api/v1/account/tokens", Map.of("name", "tests"));
        if (token.status() != 201) {
            throw new AssertionError("token creation failed: " + token.status() + " " + token.body());
        }
        return new Tenant(email, password, new OrgId(UUID.fromString(account.get("organizationId").asString())),
                new UserId(UUID.fromString(account.get("id").asString())), http, token.json().get("secret").asString(), port);
    }

    /** A fresh client that authenticates with this tenant's API token. */
    public Http api() {
        return new Http(port).bearer(apiToken);
    }
}
