package dev.charter.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import dev.charter.vault.VaultTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gateway as the application wires it: declared policy beans, the real vault, the audit log in PostgreSQL.
 * Canaries in bodies, header values and query strings must appear nowhere: not in audit rows, any other column,
 * exception messages or log output.
 */
@CharterTest
@ExtendWith(OutputCaptureExtension.class)
class EgressGatewayIntegrationTest {

    static final String BODY_CANARY = "body-canary-4f1e9b7a";
    static final String HEADER_CANARY = "header-canary-88c1d3";
    static final String QUERY_CANARY = "query-canary-2a6b5e";
    static final List<String> received = new CopyOnWriteArrayList<>();
    static final HttpServer server = start();

    @TestConfiguration
    static class Policies {
        @Bean
        EgressPolicy auditTestPolicy() {
            return EgressPolicy.forPurpose("test.audit")
                    .allow(Destination.https("127.0.0.1").withSchemes("http").withPorts(port()).withMethods("GET", "POST")
                            .withPaths("/allowed/**"))
                    .allow(Destination.connection().withMethods("POST"))
                    .build();
        }
    }

    @Autowired EgressGateway gateway;
    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;
    @Autowired TransactionTemplate tx;

    static int port() {
        return server.getAddress().getPort();
    }

    static String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port() + pathAndQuery;
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    @Tag("claim:EGR-5")
    void everyDecisionIsAuditedWithoutBodiesHeaderValuesOrQueries(CapturedOutput output) {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        EgressResponse ok = gateway.send(EgressRequest.builder("test.audit", org)
                .post(url("/allowed/items?q=" + QUERY_CANARY), BODY_CANARY.getBytes(StandardCharsets.UTF_8))
                .header("X-Note", HEADER_CANARY).build());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(received).contains("POST /allowed/items " + BODY_CANARY);

        Throwable denied = catchThrowable(() -> gateway.send(EgressRequest.builder("test.audit", org)
                .post(url("/forbidden?q=" + QUERY_CANARY), BODY_CANARY.getBytes(StandardCharsets.UTF_8))
                .header("X-Note", HEADER_CANARY).build()));
        assertThat(denied).isInstanceOf(EgressDeniedException.class);
        assertThat(denied.getMessage()).doesNotContain(BODY_CANARY, HEADER_CANARY, QUERY_CANARY);

        List<Map<String, Object>> rows = jdbc.sql("select action, target, details::text as details from audit_event "
                + "where org_id = ? and action like 'egress.%' order by id").param(org.value()).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("action")).containsExactly("egress.request.allowed", "egress.request.denied");
        String allowed = (String) rows.get(0).get("details");
        String refused = (String) rows.get(1).get("details");
        assertThat(allowed).contains("\"method\": \"POST\"", "\"host\": \"127.0.0.1\"", "\"path\": \"/allowed/items\"",
                "\"purpose\": \"test.audit\"", "\"decision\": \"allowed\"", "\"reason\":", "\"address\": \"127.0.0.1\"");
        assertThat(refused).contains("\"method\": \"POST\"", "\"host\": \"127.0.0.1\"", "\"path\": \"/forbidden\"",
                "\"decision\": \"denied\"", "path is not allowed");

        DatabaseScan scan = new DatabaseScan(database);
        for (String canary : List.of(BODY_CANARY, HEADER_CANARY, QUERY_CANARY)) {
            assertThat(scan.find(canary)).as(canary).isEmpty();
            assertThat(output.getAll()).as(canary).doesNotContain(canary);
        }
    }

    @Test
    @Tag("claim:EGR-5")
    void aDecisionStaysInTheAuditLogWhenTheCallersTransactionRollsBack() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        tx.executeWithoutResult(status -> {
            gateway.send(EgressRequest.builder("test.audit", org).get(url("/allowed/in-tx")).build());
            assertThatThrownBy(() -> gateway.send(EgressRequest.builder("test.audit", org).get(url("/nope")).build()))
                    .isInstanceOf(EgressDeniedException.class);
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ? and action like 'egress.%'")
                .param(org.value()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    @Tag("claim:EGR-3")
    @Tag("claim:EGR-4")
    void theVaultsCredentialGoesToItsConnectionOnlyAndIsBlockedAnywhereElse() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        String plaintext = "vault-stored-token-7c3e91d0a5";
        SecretRef ref = vault.store(org, "connectors.http-api", CredentialKind.BEARER,
                plaintext.getBytes(StandardCharsets.UTF_8), "integration test");
        URI base = URI.create(url("/connection/"));

        gateway.send(EgressRequest.builder("test.audit", org).post(url("/connection/hook"), "{}".getBytes())
                .credential(CredentialUse.bearer(ref, base)).build());
        assertThat(received).contains("POST /connection/hook {} Bearer " + plaintext);

        assertThatThrownBy(() -> gateway.send(EgressRequest.builder("test.audit", org)
                .post(url("/allowed/paste"), ("look: " + plaintext).getBytes(StandardCharsets.UTF_8)).build()))
                .isInstanceOf(EgressDeniedException.class).hasMessageContaining("stored credential in the body")
                .hasMessageNotContaining(plaintext);
        assertThat(received).noneMatch(r -> r.startsWith("POST /allowed/paste"));
        String details = jdbc.sql("select details::text from audit_event where org_id = ? and action = 'egress.request.denied'")
                .param(org.value()).query(String.class).single();
        assertThat(details).contains(ref.credentialId().toString()).doesNotContain(plaintext);
    }

    private static HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/", ex -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                received.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + (auth == null ? "" : " " + auth));
                byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
