package dev.charter.perfcases;

import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A telemetry connection, a case, a support grant, an access proposal, a code host and an agent session of one organization, for the ownership test's walk over every route. */
public class PerfcasesOwnedObjects implements OwnedObjects {

    @Override
    public Map<String, String> create(Tenant owner, ApplicationContext context) {
        var r = owner.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", "owned",
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")));
        if (r.status() != 201) {
            throw new AssertionError("connection: " + r.status() + " " + r.body());
        }
        String connectionId = r.json().get("id").asString();
        UUID caseId = UUID.randomUUID();
        // a case is opened by detection or from telemetry; written here directly, as a detection pass writes it
        context.getBean(JdbcClient.class).sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'DETECTED', 'OPEN',
                    'owned case', ?)""")
                .params(caseId, owner.org().value(), connectionId, Timestamp.from(Instant.now())).update();
        // a support grant on it, naming the owner as the operator (the route checks the organization before anyone)
        UUID grantId = UUID.randomUUID();
        context.getBean(JdbcClient.class).sql("""
                insert into perfcases_support_grant (id, org_id, case_id, operator_id, reason, granted_at, expires_at)
                values (?, ?, ?, ?, 'owned grant', now(), now() + interval '1 hour')""")
                .params(grantId, owner.org().value(), caseId, owner.user().value()).update();
        var tempo = owner.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "TEMPO", "label", "owned traces",
                "baseUrl", "http://127.0.0.1:9"));
        if (tempo.status() != 201) {
            throw new AssertionError("trace connection: " + tempo.status() + " " + tempo.body());
        }
        var proposal = owner.api().postJson("/api/v1/perfcases/cases/" + caseId + "/proposals", Map.of("connectionId",
                tempo.json().get("id").asString(), "scope", "TRACE_ATTRIBUTE", "subject", "http.route",
                "justification", "owned proposal"));
        if (proposal.status() != 201) {
            throw new AssertionError("proposal: " + proposal.status() + " " + proposal.body());
        }
        var host = owner.api().postJson("/api/v1/perfcases/code-hosts", Map.of("label", "owned app",
                "apiBase", "http://127.0.0.1:9", "gitBase", "http://127.0.0.1:9", "appId", "1", "installationId", 2,
                "account", "acme", "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
                "webhookSecret", "owned-webhook-secret-16"));
        if (host.status() != 201) {
            throw new AssertionError("code host: " + host.status() + " " + host.body());
        }
        String hostId = host.json().get("id").asString();
        // a session as the agent leaves it (running one needs a sandbox)
        UUID sessionId = UUID.randomUUID();
        context.getBean(JdbcClient.class).sql("""
                insert into perfcases_agent_session (id, org_id, case_id, code_host_id, repo_owner, repo_name, good_ref,
                    bad_ref, status, created_at) values (?, ?, ?, ?::uuid, 'acme', 'shop', '1', '2', 'FINISHED', now())""")
                .params(sessionId, owner.org().value(), caseId, hostId).update();
        return Map.of("telemetryConnectionId", connectionId, "caseId", caseId.toString(),
                "accessProposalId", proposal.json().get("id").asString(), "supportGrantId", grantId.toString(),
                "codeHostId", hostId, "sessionId", sessionId.toString());
    }
}
