package dev.charter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health probes, Prometheus metrics and the OpenAPI document answer without signing in. */
@CharterTest
class OperationsEndpointsTest {

    @LocalServerPort int port;

    @Test
    void healthMetricsAndApiDocs() {
        Http h = new Http(port);
        assertThat(h.get("/actuator/health/liveness").body()).contains("UP");
        assertThat(h.get("/actuator/health/readiness").body()).contains("UP");
        var metrics = h.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");

        var docs = h.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().get("paths");
        assertThat(paths.has("/api/v1/account")).isTrue();
        assertThat(paths.has("/api/v1/organization/members/{userId}/role")).isTrue();
        assertThat(paths.has("/api/v1/auth/signin")).isTrue();
    }

    @Test
    void errorsAreProblemDetailsAndPagesExplainThemselves() {
        Http h = new Http(port);
        var api = h.get("/api/v1/account");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.json().get("title").asString()).isEqualTo("Sign-in required");

        var malformed = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/api/v1/auth/signup"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");

        var page = h.get("/no-such-page");
        assertThat(page.status()).isIn(302, 404);
        var publicMissing = h.get("/invite/not-a-real-token");
        assertThat(publicMissing.status()).isEqualTo(200);
        assertThat(publicMissing.body()).contains("This invitation does not work");
    }
}
