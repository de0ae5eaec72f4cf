package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A session whose server stopped mid-way is failed with the reason once past its wall clock; a live one is not. */
@CharterTest
@TestPropertySource(properties = "charter.connectors.http-allowed-hosts=127.0.0.1")
class AbandonedSessionsTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired AgentSessionService sessions;

    @Test
    void sessionsLeftRunningByAStoppedServerFailWithTheReason() {
        Tenant t = Tenant.signUp(port);
        String connection = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", "p",
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H"))).json().get("id").asString();
        UUID caseId = UUID.randomUUID();
        jdbc.sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'MANUAL', 'OPEN', 'c', now())""")
                .params(caseId, t.org().value(), connection).update();
        String host = t.api().postJson("/api/v1/perfcases/code-hosts", Map.of("label", "h", "apiBase", "http://127.0.0.1:9",
                "gitBase", "http://127.0.0.1:9", "appId", "1", "installationId", 2, "account", "acme",
                "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
                "webhookSecret", "a-webhook-secret-of-length")).json().get("id").asString();
        UUID stale = session(t, caseId, host, "RUNNING", Instant.now().minus(Duration.ofHours(2)));
        UUID live = session(t, caseId, host, "RUNNING", Instant.now().minus(Duration.ofMinutes(5)));
        UUID forgotten = session(t, caseId, host, "QUEUED", Instant.now().minus(Duration.ofDays(2)));

        sessions.failAbandoned();

        assertThat(status(stale)).isEqualTo("FAILED");
        assertThat(jdbc.sql("select error from perfcases_agent_session where id = ?").param(stale).query(String.class).single())
                .contains("the server running it stopped");
        assertThat(status(live)).isEqualTo("RUNNING");
        assertThat(status(forgotten)).isEqualTo("FAILED");
        var page = t.api().get("/api/v1/perfcases/sessions/" + stale).json();
        assertThat(page.get("status").asString()).isEqualTo("FAILED");
    }

    private UUID session(Tenant t, UUID caseId, String host, String status, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into perfcases_agent_session (id, org_id, case_id, code_host_id, repo_owner, repo_name, good_ref,
                    bad_ref, status, created_at, started_at) values (?, ?, ?, ?::uuid, 'acme', 'shop', '1', '2', ?, ?, ?)""")
                .params(id, t.org().value(), caseId, host, status, Timestamp.from(at),
                        "RUNNING".equals(status) ? Timestamp.from(at) : null).update();
        return id;
    }

    private String status(UUID id) {
        return jdbc.sql("select status from perfcases_agent_session where id = ?").param(id).query(String.class).single();
    }
}
