package dev.charter.egress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.charter.audit.AuditEvent;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * EGR-5: every way a request can be refused, and every allowed hop, leaves exactly one audit event with purpose,
 * method, host, path and reason, and none of them (nor the exception or the log) holds a body, header value or
 * query canary.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayAuditTest {

    static final OrgId ORG = OrgId.random();
    static final UserId ACTOR = UserId.random();
    static final String BODY = "body-canary-1b2c3d4e";
    static final String HEADER = "header-canary-5f6a7b";
    static final String QUERY = "query-canary-8c9d0e";

    private final LocalServer server = new LocalServer();
    private final TestGateway t = new TestGateway();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @Tag("claim:EGR-5")
    void everyRefusalAndEveryAllowedHopIsAuditedWithoutContents(CapturedOutput output) {
        server.handle("/loop", LocalServer.redirect(302, "/loop"));
        server.handle("/bad-redirect", LocalServer.redirect(302, "http://[not a url"));
        t.resolver = host -> {
            if (host.equals("nowhere.test")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(host.equals("inside.test") ? "10.1.1.1" : "127.0.0.1"));
        };
        t.policy(EgressPolicy.forPurpose("test.audit").allow(Destination.https(Destination.ANY_HOST).withSchemes("http")
                .withPorts(server.port(), 80).withMethods("GET", "POST").withPaths("/ok/**", "/loop", "/bad-redirect"))
                .allow(Destination.connection().withMethods("POST")).maxRedirects(2).requestsPerMinute(1000).build());
        t.policy(EgressPolicy.forPurpose("test.slow").allow(Destination.https("127.0.0.1").withSchemes("http")
                .withPorts(server.port()).withMethods("POST")).requestsPerMinute(1).build());
        SecretRef stored = t.credentials.store(ORG, "stored-credential-canary-1234");
        SecretRef hook = t.credentials.store(ORG, "http://127.0.0.1:" + server.port() + "/elsewhere/" + "x".repeat(10));
        DefaultEgressGateway g = t.build();
        String local = "http://127.0.0.1:" + server.port();
        Function<String, EgressRequest.Builder> post = url -> EgressRequest.builder("test.audit", ORG).actor(ACTOR)
                .post(url + (url.contains("?") ? "&" : "?") + "q=" + QUERY, ("{\"b\":\"" + BODY + "\"}").getBytes())
                .header("X-Note", HEADER);

        List<EgressRequest> refused = List.of(
                post.apply("ftp://127.0.0.1/ok/x").build(),                                      // shape
                post.apply(local + "/ok/x?t=ghp_" + "Rk7Tq2Wm9Xv4Lp8Zn3Hs6Jd1Fb5Gc0Ya2Ue4").build(),   // secret in URL
                post.apply(local + "/ok/x").header("Cookie", HEADER).build(),                   // reserved header
                EgressRequest.builder("test.unknown", ORG).post(local + "/ok/x?q=" + QUERY, BODY.getBytes()).build(), // no policy
                post.apply(local + "/not-listed").build(),                                      // path
                post.apply("http://nowhere.test:" + server.port() + "/ok/x").build(),           // DNS
                post.apply("http://inside.test:" + server.port() + "/ok/x").build(),            // private address
                post.apply(local + "/ok/x").body(("{\"k\":\"" + "stored-credential-canary-1234" + "\",\"b\":\"" + BODY + "\"}")
                        .getBytes()).build(),                                                   // stored credential
                post.apply(local + "/ok/x").body(new byte[2 * 1024 * 1024]).build(),            // body too large
                post.apply(local + "/loop").build(),                                            // redirect cap
                post.apply(local + "/bad-redirect").build(),                                    // bad redirect
                EgressRequest.builder("test.audit", ORG).method("POST").body(BODY)
                        .credential(CredentialUse.url(hook, URI.create(local + "/ok/"))).build()); // stored URL off base
        for (EgressRequest r : refused) {
            int before = t.audit("egress.request.denied").size();
            Throwable thrown = catchThrowable(() -> g.send(r));
            assertThat(thrown).as(r.toString()).isInstanceOf(EgressDeniedException.class);
            assertThat(thrown.getMessage()).doesNotContain(BODY, HEADER, QUERY, "stored-credential-canary");
            assertThat(t.audit("egress.request.denied")).as(r.toString()).hasSize(before + 1);
        }
        g.send(EgressRequest.builder("test.slow", ORG).post(local + "/x", BODY.getBytes()).build());
        assertThat(catchThrowable(() -> g.send(EgressRequest.builder("test.slow", ORG).post(local + "/x", BODY.getBytes()).build())))
                .hasMessageContaining("per minute");                                          // rate limit

        g.send(post.apply(local + "/ok/fine").build());
        AuditEvent allowed = t.audit("egress.request.allowed").get(t.audit("egress.request.allowed").size() - 1);
        assertThat(allowed.details()).containsEntry("method", "POST").containsEntry("host", "127.0.0.1")
                .containsEntry("path", "/ok/fine").containsEntry("purpose", "test.audit").containsEntry("decision", "allowed")
                .containsEntry("query", "omitted").containsEntry("address", "127.0.0.1").containsKey("reason");
        assertThat(allowed.actor()).isEqualTo(ACTOR.value());
        assertThat(allowed.org()).isEqualTo(ORG);

        List<AuditEvent> denied = t.audit("egress.request.denied");
        assertThat(denied).hasSize(refused.size() + 1).allSatisfy(e -> {
            assertThat(e.details()).containsKeys("purpose", "decision", "reason", "method");
            assertThat(e.details().get("reason")).isNotBlank();
        });
        assertThat(denied.stream().filter(e -> e.details().containsKey("host"))).hasSizeGreaterThanOrEqualTo(refused.size());
        assertThat(t.audit.toString()).doesNotContain(BODY, HEADER, QUERY, "stored-credential-canary", "ghp_Rk7Tq");
        assertThat(output.getAll()).doesNotContain(BODY, HEADER, QUERY, "stored-credential-canary", "ghp_Rk7Tq");
        assertThat(server.received).extracting(LocalServer.Received::path)
                .doesNotContain("/not-listed", "/elsewhere/" + "x".repeat(10));
    }
}
