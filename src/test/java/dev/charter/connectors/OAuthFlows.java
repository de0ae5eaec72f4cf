package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** Connects a tenant to a fake provider through the real OAuth round trip, as an admin's browser would. */
public final class OAuthFlows {

    private OAuthFlows() {}

    /** @return the new connection's id */
    public static UUID connect(Tenant t, String kind, FakeOAuthProvider f, String clientId, String clientSecret) throws Exception {
        var started = t.api().postJson("/api/v1/connections/oauth", Map.of("kind", kind, "label", kind + " fake",
                "clientId", clientId, "clientSecret", clientSecret, "authorizeUrl", f.authorizeUrl(), "tokenUrl", f.tokenUrl(),
                "apiBaseUrl", f.apiUrl()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(started.json().get("authorizationUrl").asString())).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        URI callback = URI.create(r.headers().firstValue("Location").orElseThrow());
        var done = t.api().get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        String location = done.header("Location");
        return UUID.fromString(location.substring(location.indexOf("#connection-") + "#connection-".length()));
    }
}
