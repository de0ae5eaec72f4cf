package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Trace connections (Tempo and Jaeger fakes on loopback) read for a case, and access proposals. The fakes' spans carry
 * a canary in every attribute Charter may not read (span and resource attributes, the route, ids, status messages,
 * events); none may reach a table, a log line, an outbound request, a response or the export, until an admin approves
 * one key for the case, and then only that one.
 */
@CharterTest
class TraceCasesTest {

    static FakeTempo tempo;
    static FakeJaeger jaeger;

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @Autowired List<PersonalDataExporter> exporters;

    @BeforeAll
    static void start() {
        tempo = new FakeTempo();
        jaeger = new FakeJaeger();
    }

    @AfterAll
    static void stop() {
        tempo.close();
        jaeger.close();
    }

    /** The canaries planted in one store's spans: the route, and everything else that must never be read. */
    record Planted(String route, List<String> forbidden) {}

    /**
     * Spans of {@code checkout} 1.0 and 1.1 (1.1 twice as slow on its handler span, a tenth of it failing); every
     * attribute value but the span names and the service labels is a canary.
     */
    static Planted plant(Canary canary, List<FakeSpan> into) {
        String route = canary.plant("route");
        // one needle found in every forbidden value (each value names its place), so a scan looks for it once
        String forbidden = canary.plant("forbidden");
        String email = forbidden + "-email";
        String url = forbidden + "-url";
        String statement = forbidden + "-statement";
        String host = forbidden + "-host";
        String message = forbidden + "-status";
        String exception = forbidden + "-exception";
        String traceId = forbidden + "-trace";
        long start = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000;
        into.clear();
        for (String version : List.of("1.0", "1.1")) {
            for (int i = 0; i < 20; i++) {
                long handler = (version.equals("1.0") ? 100 : 200) + i;
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("http.route", route);
                attributes.put("user.email", email);
                attributes.put("url.full", url);
                into.add(new FakeSpan(traceId + i, "span-" + i, "checkout", version, "GET /orders/{id}", start + i,
                        handler * 1_000_000, version.equals("1.1") && i % 10 == 0, message, attributes,
                        Map.of("host.name", host), List.of(Map.of("exception.message", exception))));
                into.add(new FakeSpan(traceId + i, "db-" + i, "checkout", version, "SELECT orders", start + i, 5_000_000 + i,
                        false, message, Map.of("db.statement", statement), Map.of("host.name", host), List.of()));
            }
        }
        // another version and another service: not the case's, never aggregated
        into.add(new FakeSpan(traceId, "x", "checkout", "0.9", "GET /orders/{id}", start, 1, false, message, Map.of(),
                Map.of(), List.of()));
        into.add(new FakeSpan(traceId, "y", "billing", "1.1", "POST /charge", start, 1, false, message, Map.of(), Map.of(),
                List.of()));
        return new Planted(route, List.of(forbidden));
    }

    /** A member (not an admin) of {@code admin}'s organization, through an invitation. */
    static Tenant member(Tenant admin) {
        Http.Response inv = admin.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"));
        assertThat(inv.status()).isEqualTo(201);
        String email = "member-" + UUID.randomUUID() + "@example.test";
        Http browser = new Http(admin.port());
        Http.Response joined = browser.postJson("/api/v1/auth/invitations/" + inv.json().get("token").asString(),
                Map.of("email", email, "password", Tenant.PASSWORD, "displayName", "Member"));
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        Http.Response token = browser.postJson("/api/v1/account/tokens", Map.of("name", "member"));
        assertThat(token.status()).isEqualTo(201);
        return new Tenant(email, Tenant.PASSWORD, admin.org(), new dev.charter.shared.UserId(
                UUID.fromString(joined.json().get("id").asString())), browser, token.json().get("secret").asString(), admin.port());
    }

    private String connect(Tenant t, String kind, String base) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", kind, "label", kind + " traces",
                "baseUrl", base));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String openCase(Tenant t) {
        return PerfcasesFixtures.openCase(t, database, "LATENCY_P95", "p95 latency of checkout worse in 1.1");
    }

    private static JsonNode read(Tenant t, String caseId, String connectionId) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/traces", Map.of("connectionId", connectionId));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode aggregate(JsonNode aggregates, String version, String span) {
        for (JsonNode a : aggregates) {
            if (a.path("version").asString().equals(version) && a.path("spanName").asString().equals(span)) {
                return a;
            }
        }
        throw new AssertionError("no aggregate for " + version + " " + span + " in " + aggregates);
    }

    private String responses(Tenant t, String caseId) {
        return t.api().get("/api/v1/perfcases/cases/" + caseId + "/traces").body()
                + t.api().get("/api/v1/perfcases/cases/" + caseId + "/proposals").body()
                + t.browser().get("/perfcases/cases/" + caseId).body()
                + t.api().get("/api/v1/audit/export").body();
    }

    private String export(Tenant t) {
        return exporters.stream().filter(e -> e.section().equals("perfcases")).findFirst().orElseThrow()
                .exportOrganization(t.org()).toString();
    }

    private static String charterProposal(Tenant t, String caseId, String connectionId) {
        for (JsonNode p : t.api().get("/api/v1/perfcases/cases/" + caseId + "/proposals").json()) {
            if (p.path("connectionId").asString().equals(connectionId) && p.path("subject").asString().equals("http.route")) {
                assertThat(p.path("proposedBy").isMissingNode() || p.path("proposedBy").isNull()).as("Charter proposed it").isTrue();
                return p.path("id").asString();
            }
        }
        throw new AssertionError("Charter proposed no http.route split");
    }

    @Test
    @Tag("claim:PRF-2")
    @Tag("claim:AUD-5")
    void onlySpanNamesDurationsStatusAndServiceLabelsAreReadUntilAKeyIsApproved() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = openCase(t);
        String tempoId = connect(t, "TEMPO", tempo.base());
        String jaegerId = connect(t, "JAEGER", jaeger.base());
        try (Canary canary = Canary.start(database)) {
            Planted inTempo = plant(canary, tempo.spans);
            Planted inJaeger = plant(canary, jaeger.spans);
            List<String> all = new ArrayList<>(inTempo.forbidden());
            all.addAll(inJaeger.forbidden());
            all.add(inTempo.route());
            all.add(inJaeger.route());
            int tempoBefore = tempo.queries.size();

            for (String connection : List.of(tempoId, jaegerId)) {
                JsonNode read = read(t, caseId, connection);
                assertThat(read).as("two versions × two span names, nothing of other versions or services").hasSize(4);
                JsonNode slow = aggregate(read, "1.1", "GET /orders/{id}");
                assertThat(slow.path("count").asLong()).isEqualTo(20);
                assertThat(slow.path("errors").asLong()).isEqualTo(2);
                assertThat(slow.path("p95").asDouble()).isEqualTo(0.218);
                assertThat(aggregate(read, "1.0", "GET /orders/{id}").path("p95").asDouble()).isEqualTo(0.118);
                assertThat(aggregate(read, "1.0", "SELECT orders").path("errors").asLong()).isZero();
                assertThat(read).allSatisfy(a -> assertThat(a.path("attributes").size()).as("no attribute key approved").isZero());
            }

            List<String> sent = tempo.queries.subList(tempoBefore, tempo.queries.size());
            assertThat(sent).hasSize(3).allSatisfy(q -> assertThat(q).endsWith("by (resource.service.version, name)"));
            List<String> audited = Owner.jdbc(database).sql("""
                            select details->>'query' from audit_event where org_id = ?::uuid and action = 'perfcases.query.sent'
                            and target = ? and details->>'language' = 'TraceQL' order by id""")
                    .params(t.org().value().toString(), "telemetry-connection:" + tempoId).query(String.class).list();
            assertThat(audited).as("each TraceQL query is in the audit log verbatim").containsExactlyElementsOf(sent);

            canary.assertNowhere(all.toArray(String[]::new));
            String responses = responses(t, caseId);
            String export = export(t);
            for (String needle : all) {
                assertThat(responses).doesNotContain(needle);
                assertThat(export).doesNotContain(needle);
            }

            // an admin approves the route split Charter proposed on Tempo: that key, and no other, is read from then on
            String proposal = charterProposal(t, caseId, tempoId);
            assertThat(t.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/approve", Map.of()).status()).isEqualTo(200);
            JsonNode split = read(t, caseId, tempoId);
            assertThat(split).allSatisfy(a -> assertThat(a.path("attributes").path("http.route").asString())
                    .isIn(inTempo.route(), ""));
            assertThat(aggregate(split, "1.1", "GET /orders/{id}").path("attributes").path("http.route").asString())
                    .isEqualTo(inTempo.route());
            assertThat(tempo.queries.get(tempo.queries.size() - 1)).endsWith("by (resource.service.version, name, span.http.route)");
            assertThat(canary.database(inTempo.route())).extracting(Canary.Hit::where)
                    .containsOnly("perfcases_span_aggregate.attributes");
            canary.assertNowhere(inJaeger.route());
            canary.assertNowhere(all.stream().filter(n -> !n.equals(inTempo.route()) && !n.equals(inJaeger.route()))
                    .toArray(String[]::new));
            assertThat(export(t)).contains(inTempo.route());
        }
    }

    @Test
    @Tag("claim:PRF-10")
    void anAttributeIsReadOnlyWhileAnAdminApprovedItAndEveryStepIsAudited() throws Exception {
        Tenant admin = Tenant.signUp(port);
        Tenant member = member(admin);
        String caseId = openCase(admin);
        String jaegerId = connect(admin, "JAEGER", jaeger.base());
        JdbcClient owner = Owner.jdbc(database);
        try (Canary canary = Canary.start(database)) {
            Planted planted = plant(canary, jaeger.spans);

            // before approval: Charter proposes the route split, and the route is not read
            JsonNode before = read(member, caseId, jaegerId);
            assertThat(before).allSatisfy(a -> assertThat(a.path("attributes").size()).isZero());
            String proposal = charterProposal(admin, caseId, jaegerId);
            JsonNode proposed = admin.api().get("/api/v1/perfcases/cases/" + caseId + "/proposals").json().get(0);
            assertThat(proposed.path("status").asString()).isEqualTo("PROPOSED");
            assertThat(proposed.path("justification").asString()).contains("GET /orders/{id}").contains("1.1");
            read(member, caseId, jaegerId);
            assertThat(canary.database(planted.route())).as("a pending proposal reads nothing").isEmpty();

            // a member can neither approve nor deny
            assertThat(member.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/approve", Map.of()).status())
                    .isEqualTo(403);
            assertThat(member.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/deny", Map.of()).status())
                    .isEqualTo(403);
            assertThat(member.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/withdraw", Map.of()).status())
                    .as("nor withdraw what Charter proposed").isEqualTo(403);
            read(member, caseId, jaegerId);
            assertThat(canary.database(planted.route())).as("a refused approval reads nothing").isEmpty();

            // after an admin's approval the route is read for this case
            Http.Response approved = admin.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/approve", Map.of());
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.json().path("status").asString()).isEqualTo("APPROVED");
            assertThat(admin.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/deny", Map.of()).status())
                    .as("a decision is final").isEqualTo(409);
            JsonNode split = read(member, caseId, jaegerId);
            assertThat(aggregate(split, "1.1", "GET /orders/{id}").path("attributes").path("http.route").asString())
                    .isEqualTo(planted.route());
            assertThat(aggregate(split, "1.1", "SELECT orders").path("attributes").size())
                    .as("a span without the attribute has none").isZero();
            String other = openCase(admin);
            assertThat(read(admin, other, jaegerId)).as("the approval is for its case only")
                    .allSatisfy(a -> assertThat(a.path("attributes").size()).isZero());

            // after withdrawal it stops at once: what was read with it goes, and the next read is without it
            Http.Response withdrawn = admin.api().postJson("/api/v1/perfcases/proposals/" + proposal + "/withdraw", Map.of());
            assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
            assertThat(withdrawn.json().path("status").asString()).isEqualTo("WITHDRAWN");
            assertThat(canary.database(planted.route())).as("withdrawn: nothing read with it is kept").isEmpty();
            assertThat(read(member, caseId, jaegerId)).allSatisfy(a -> assertThat(a.path("attributes").size()).isZero());
            assertThat(canary.database(planted.route())).isEmpty();

            // a member proposes with a justification; bad input is refused whole; an admin denies
            Http.Response bad = member.api().postJson("/api/v1/perfcases/cases/" + caseId + "/proposals",
                    Map.of("connectionId", jaegerId, "scope", "TRACE_ATTRIBUTE", "subject", "no spaces allowed", "justification", ""));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("subject").contains("justification");
            Http.Response mine = member.api().postJson("/api/v1/perfcases/cases/" + caseId + "/proposals", Map.of(
                    "connectionId", jaegerId, "scope", "TRACE_ATTRIBUTE", "subject", "user.email",
                    "justification", "To see whether one customer's requests are slow."));
            assertThat(mine.status()).as(mine.body()).isEqualTo(201);
            assertThat(member.api().postJson("/api/v1/perfcases/cases/" + caseId + "/proposals", Map.of("connectionId", jaegerId,
                    "scope", "TRACE_ATTRIBUTE", "subject", "user.email", "justification", "again")).status()).isEqualTo(409);
            String mineId = mine.json().path("id").asString();
            assertThat(admin.api().postJson("/api/v1/perfcases/proposals/" + mineId + "/deny", Map.of()).status()).isEqualTo(200);
            assertThat(read(member, caseId, jaegerId)).allSatisfy(a -> assertThat(a.path("attributes").size()).isZero());
            canary.assertNowhere(planted.forbidden().get(0), planted.route());

            List<Map<String, Object>> audit = owner.sql("""
                    select action, actor::text as actor, details->>'proposal' as proposal, details->>'subject' as subject
                    from audit_event where org_id = ?::uuid and action like 'perfcases.access.%' and target = ? order by id""")
                    .params(admin.org().value().toString(), "perfcase:" + caseId).query().listOfRows();
            assertThat(audit).extracting(r -> r.get("action")).containsExactly("perfcases.access.proposed",
                    "perfcases.access.approved", "perfcases.access.withdrawn", "perfcases.access.proposed",
                    "perfcases.access.denied");
            assertThat(audit.get(0).get("actor")).as("proposed by Charter").isNull();
            // the audit log keeps its actors pseudonymous; a person approved, withdrew, proposed and denied
            assertThat(audit.get(1).get("actor")).as("approved by a person").isNotNull();
            assertThat(audit.get(1).get("proposal")).isEqualTo(proposal);
            assertThat(audit.get(2).get("subject")).isEqualTo("http.route");
            assertThat(audit.subList(2, 5)).allSatisfy(r -> assertThat(r.get("actor")).isNotNull());
        }
    }
}
