package dev.charter.perfcases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiStatus;
import dev.charter.ai.AiToolResult;
import dev.charter.ai.AiUsageDay;
import dev.charter.egress.DatabaseGateway;
import dev.charter.egress.DatabaseQuery;
import dev.charter.egress.EgressFailedException;
import dev.charter.identity.CurrentUser;
import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Log sources against a real second PostgreSQL database (created on the test server, with a view the customer
 * authored and a role granted SELECT on some of its columns and nothing else) and a Loki fake. Canaries are planted
 * in the log lines at both sources: they must never reach Charter's tables, logs, outbound requests, responses,
 * export or the request a model receives (PRF-3, PRF-11); every query is audited verbatim before it is sent (AUD-5).
 */
@CharterTest
class LogSourcesTest {

    static final String LINE_CANARY_SQL = "cnry-sql-line-" + UUID.randomUUID().toString().substring(0, 8);
    static final String LINE_CANARY_LOKI = "cnry-loki-line-" + UUID.randomUUID().toString().substring(0, 8);
    static FakeLoki loki;
    static String customerDb;

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;
    @Autowired DatabaseGateway databases;
    @Autowired CaseRepository cases;
    @Autowired LogSourceRepository logRepo;
    @Autowired FlameSummaryRepository flameRepo;
    @Autowired JsonMapper json;
    @Autowired List<PersonalDataExporter> exporters;

    @BeforeAll
    static void startLoki() throws Exception {
        loki = new FakeLoki();
        loki.lines.add(new FakeLoki.Line("checkout", "GET /cart 500 user=alice " + LINE_CANARY_LOKI));
        loki.lines.add(new FakeLoki.Line("checkout", "GET /cart 200 " + LINE_CANARY_LOKI));
        loki.lines.add(new FakeLoki.Line("catalog", "GET /items 200 " + LINE_CANARY_LOKI));
    }

    @AfterAll
    static void stopLoki() {
        loki.close();
    }

    /** The customer's log database: raw lines in a table, a view over it, Charter's role may read four columns of the view. */
    private synchronized String customerDatabase() throws Exception {
        if (customerDb != null) {
            return customerDb;
        }
        String name = "customer_logs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DatabaseTarget logs = database.isolatedCopy(name);
        try (Connection c = DriverManager.getConnection(logs.url(), logs.ownerUser(), logs.ownerPassword());
             Statement st = c.createStatement()) {
            st.execute("create schema logs");
            st.execute("create table logs.app_log (at timestamptz not null default now(), service text, version text, "
                    + "status integer, duration_ms double precision, message text)");
            StringBuilder rows = new StringBuilder("insert into logs.app_log (service, version, status, duration_ms, message) values ");
            for (int i = 0; i < 20; i++) {
                rows.append(i == 0 ? "" : ", ").append("('checkout', '").append(i < 10 ? "1.0" : "1.1").append("', ")
                        .append(i % 5 == 0 ? 500 : 200).append(", ").append(i < 10 ? 100 + i : 200 + i)
                        .append(", 'user=alice card=4111 ").append(LINE_CANARY_SQL).append("')");
            }
            st.execute(rows.toString());
            st.execute("create view logs.requests as select service, version, status, duration_ms, message from logs.app_log");
            st.execute("grant usage on schema logs to \"" + database.cleanupUser() + "\"");
            st.execute("grant select (service, version, status, duration_ms) on logs.requests to \"" + database.cleanupUser() + "\"");
        }
        customerDb = name;
        return name;
    }

    private String address() throws Exception {
        String db = customerDatabase();
        URI url = URI.create(database.url().substring("jdbc:".length()));
        return "postgresql://127.0.0.1:" + url.getPort() + "/" + db;
    }

    private String caseFor(Tenant t) {
        var r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", "metrics",
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID caseId = UUID.randomUUID();
        Owner.jdbc(database).sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, evidence, opened_at) values (?, ?, ?::uuid, 'checkout', 'LATENCY_P95', '1.0', '1.1',
                    'DETECTED', 'OPEN', 'checkout 1.1 is slower', '{"statistics": {"pValue": 0.001, "effect": 0.3}}'::jsonb, ?)""")
                .params(caseId, t.org().value(), r.json().get("id").asString(), Timestamp.from(Instant.now())).update();
        return caseId.toString();
    }

    private String connectSql(Tenant t, List<String> groupBy) throws Exception {
        Http.Response r = t.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "SQL", "label", "Log warehouse",
                "address", address(), "username", database.cleanupUser(), "secret", database.cleanupPassword(),
                "grant", Map.of("views", List.of(Map.of("name", "logs.requests", "groupBy", groupBy,
                        "measures", List.of("duration_ms", "message"))))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String connectLoki(Tenant t) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "LOKI", "label", "Loki",
                "address", loki.baseUrl(), "grant", Map.of("groupBy", List.of("service_name"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private List<String> audited(Tenant t, String source) {
        return Owner.jdbc(database).sql("""
                        select details::text from audit_event where org_id = ?::uuid and action = 'perfcases.query.sent'
                        and target = ? order by id""").params(t.org().value().toString(), "log-source:" + source)
                .query(String.class).list().stream().map(d -> Http.JSON.readTree(d).path("query").asString()).toList();
    }

    @Test
    @Tag("claim:PRF-3")
    @Tag("claim:AUD-5")
    void theSqlSourceIsReadThroughAggregatesOnlyAndItsOwnGrantsRefuseRawColumns() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = caseFor(t);
        List<String> responses = new ArrayList<>();
        try (Canary canary = Canary.start(database)) {
            // the admin over-declared: message is in the grant, but the source lets Charter's role read no such column
            String source = connectSql(t, List.of("service", "version", "status", "message"));
            Http.Response count = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "view", "logs.requests", "groupBy", List.of("version"), "measure", "COUNT"));
            assertThat(count.status()).as(count.body()).isEqualTo(201);
            responses.add(count.body());
            assertThat(count.json().get("groups").toString()).contains("\"version\":\"1.0\"").contains("\"count\":10.0");
            Http.Response p95 = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "view", "logs.requests", "groupBy", List.of("version", "status"),
                            "measure", "PERCENTILES", "column", "duration_ms"));
            assertThat(p95.status()).as(p95.body()).isEqualTo(201);
            responses.add(p95.body());
            Http.Response dist = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "view", "logs.requests", "groupBy", List.of(), "measure", "DISTRIBUTION",
                            "column", "duration_ms", "buckets", List.of(150, 250)));
            assertThat(dist.status()).as(dist.body()).isEqualTo(201);
            responses.add(dist.body());
            assertThat(dist.json().get("groups").toString()).contains("< 150").contains("[150, 250)");

            // raw columns: refused by the builder, whatever the grant says, because the source's catalog hides them
            for (Map<String, Object> raw : List.of(
                    Map.<String, Object>of("sourceId", source, "view", "logs.requests", "groupBy", List.of("message"), "measure", "COUNT"),
                    Map.<String, Object>of("sourceId", source, "view", "logs.requests", "measure", "PERCENTILES", "column", "message"),
                    Map.<String, Object>of("sourceId", source, "view", "logs.app_log", "measure", "COUNT"))) {
                Http.Response refused = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates", raw);
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                responses.add(refused.body());
            }
            // ...and by the source's own grants, were the builder bypassed
            SecretRef credential = logRepo.find(t.org(), UUID.fromString(source)).orElseThrow().credential();
            for (String sql : List.of("select message from logs.requests", "select * from logs.app_log")) {
                assertThatThrownBy(() -> databases.query(new DatabaseQuery(LogReaders.PURPOSE, t.org(), null,
                        URI.create(address()), credential, sql, List.of(), 10)))
                        .isInstanceOf(EgressFailedException.class).hasMessageContaining("42501")
                        .hasMessageNotContaining(LINE_CANARY_SQL);
            }

            List<String> sent = audited(t, source);
            // three aggregates, each after a catalog look-up, and a look-up for each refusal that needed the catalog
            assertThat(sent.stream().filter(q -> !q.equals(SqlAggregateQuery.CATALOG)))
                    .as("every aggregate query is audited verbatim").hasSize(3);
            assertThat(sent.stream().filter(q -> q.equals(SqlAggregateQuery.CATALOG)).count())
                    .as("every catalog look-up is audited too").isBetween(3L, 6L);
            assertThat(sent)
                    .contains(SqlAggregateQuery.CATALOG)
                    .contains("select \"version\", count(*) as \"count\" from \"logs\".\"requests\" group by \"version\" "
                            + "order by \"version\" limit 1000");
            assertThat(sent).noneMatch(q -> q.contains("message"));

            String export = Http.JSON.writeValueAsString(exporters.stream().filter(e -> e.section().equals("perfcasesLogs"))
                    .findFirst().orElseThrow().exportOrganization(t.org()));
            assertThat(export).contains("logs.requests").doesNotContain(LINE_CANARY_SQL);
            assertThat(String.join("\n", responses)).doesNotContain(LINE_CANARY_SQL).doesNotContain("alice");
            canary.assertNowhere(LINE_CANARY_SQL);
        }
    }

    @Test
    @Tag("claim:PRF-3")
    @Tag("claim:AUD-5")
    void lokiIsReadThroughMetricQueriesAndStrictModeSendsNothing() {
        Tenant t = Tenant.signUp(port);
        String caseId = caseFor(t);
        try (Canary canary = Canary.start(database)) {
            String source = connectLoki(t);
            int before = loki.queries.size();
            Http.Response lines = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "logql", "{service_name=\"checkout\"} |= \"500\""));
            assertThat(lines.status()).as(lines.body()).isEqualTo(400);
            assertThat(lines.body()).contains("log query");
            Http.Response leak = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "logql", "sum by (msg) (count_over_time({service_name=\"checkout\"} | json [5m]))"));
            assertThat(leak.status()).isEqualTo(400);
            assertThat(loki.queries).as("refused queries are not sent").hasSize(before);
            assertThat(audited(t, source)).as("nor audited as sent").isEmpty();

            Http.Response counted = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "logql", "sum by(service_name)(count_over_time({service_name=~\".+\"}[5m]))"));
            assertThat(counted.status()).as(counted.body()).isEqualTo(201);
            String rendered = "sum by (service_name) (count_over_time({service_name=~\".+\"} [5m]))";
            assertThat(loki.queries.subList(before, loki.queries.size())).containsExactly(rendered);
            assertThat(audited(t, source)).containsExactly(rendered);
            assertThat(counted.json().get("groups").toString()).contains("\"service_name\":\"checkout\"").contains("\"last\":2.0");
            assertThat(counted.body()).doesNotContain(LINE_CANARY_LOKI);

            // strict mode: every log source is revoked at once, nothing more is sent, nothing can be connected
            Http.Response strict = t.api().json("PUT", "/api/v1/perfcases/log-settings", Map.of("strict", true));
            assertThat(strict.status()).as(strict.body()).isEqualTo(200);
            int sent = loki.queries.size();
            Http.Response after = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates",
                    Map.of("sourceId", source, "logql", rendered));
            assertThat(after.status()).isEqualTo(409);
            assertThat(t.api().get("/api/v1/perfcases/log-sources").json().get(0).get("active").asBoolean()).isFalse();
            Http.Response again = t.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "LOKI", "label", "Loki",
                    "address", loki.baseUrl()));
            assertThat(again.status()).isEqualTo(409);
            assertThat(t.api().get("/api/v1/perfcases/log-sources").json().size()).isEqualTo(1);
            assertThat(loki.queries).as("strict mode sends nothing").hasSize(sent);
            canary.assertNowhere(LINE_CANARY_LOKI);
        }
    }

    @Test
    @Tag("claim:PRF-3")
    void badInputIsRefusedWholeAndSavesNothing() {
        Tenant t = Tenant.signUp(port);
        Http.Response r = t.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "SQL", "label", "x",
                "address", "postgresql://127.0.0.1:5432/db?sslmode=disable", "grant", Map.of("views", List.of(
                        Map.of("name", "requests; drop table x")))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("address").contains("secret").contains("grant.views");
        assertThat(t.api().get("/api/v1/perfcases/log-sources").json().size()).isZero();
    }

    /** A model stand-in that records what it is sent; the gateway's own path to providers is the AI module's to prove. */
    static final class RecordingModel implements AiGateway {
        final List<AiRequest> requests = new CopyOnWriteArrayList<>();

        public AiResult complete(AiRequest request) {
            requests.add(request);
            return new AiResult("checkout 1.1 is slower.", null, AiProvider.ORG_ENDPOINT, false, "model", null,
                    new AiResult.Usage(10, 10, false), Duration.ofMillis(5), false);
        }

        public AiResult completeLocally(AiRequest request) {
            throw new UnsupportedOperationException();
        }

        public AiToolResult completeWithTools(AiRequest request, List<dev.charter.ai.AiTool> tools, int maxRounds) {
            throw new UnsupportedOperationException();
        }

        public AiProvider activeProvider(OrgId org) {
            return AiProvider.ORG_ENDPOINT;
        }

        public AiStatus status(OrgId org) {
            throw new UnsupportedOperationException();
        }

        public List<AiProvider> providerOrder(OrgId org) {
            return List.of(AiProvider.ORG_ENDPOINT);
        }

        public void chooseProviders(OrgId org, UserId actor, List<AiProvider> order, String endpointModel) {
            throw new UnsupportedOperationException();
        }

        public List<AiUsageDay> usage(OrgId org, LocalDate from, LocalDate to) {
            return List.of();
        }
    }

    @Test
    @Tag("claim:PRF-11")
    void logLinesAtBothSourcesNeverReachTheModel() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = caseFor(t);
        String sql = connectSql(t, List.of("service", "version", "status"));
        String lokiSource = connectLoki(t);
        assertThat(t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates", Map.of("sourceId", sql,
                "view", "logs.requests", "groupBy", List.of("version"), "measure", "PERCENTILES", "column", "duration_ms"))
                .status()).isEqualTo(201);
        assertThat(t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/log-aggregates", Map.of("sourceId", lokiSource,
                "logql", "sum by (service_name) (rate({service_name=\"checkout\"} |= \"500\" [5m]))")).status()).isEqualTo(201);

        // a flame summary of the candidate, as a JFR upload keeps it
        Owner.jdbc(database).sql("""
                insert into perfcases_flame_summary (id, org_id, case_id, source, version, profile_type, unit, total, frames, read_at)
                values (?, ?, ?::uuid, 'JFR', '1.1', 'jdk.ExecutionSample', 'samples', 40,
                    '[{"name": "checkout.Pricing.discount", "self": 30, "total": 40}]'::jsonb, now())""")
                .params(UUID.randomUUID(), t.org().value(), caseId).update();

        RecordingModel model = new RecordingModel();
        CaseSummaryService summaries = new CaseSummaryService(cases, logRepo, flameRepo, model, json);
        CurrentUser me = new CurrentUser(t.user(), t.org(), dev.charter.identity.Role.OWNER, t.email(), null, null, null);
        var summary = summaries.summarize(me, UUID.fromString(caseId));
        assertThat(summary.text()).isEqualTo("checkout 1.1 is slower.");
        assertThat(model.requests).singleElement().satisfies(request -> {
            String sent = request.instruction() + "\n" + request.data();
            assertThat(sent).doesNotContain(LINE_CANARY_SQL).doesNotContain(LINE_CANARY_LOKI).doesNotContain("alice");
            JsonNode logs = request.data().path("logAggregates");
            assertThat(logs.size()).as("both sources' aggregates are in the context").isEqualTo(2);
            assertThat(request.data().path("case").path("statistics").path("pValue").asDouble()).isEqualTo(0.001);
            JsonNode profile = request.data().path("profiles").get(0);
            assertThat(profile.path("version").asString()).isEqualTo("1.1");
            assertThat(profile.path("frames").get(0).path("frame").asString()).isEqualTo("checkout.Pricing.discount");
            assertThat(profile.path("frames").get(0).path("selfShare").asDouble()).isEqualTo(0.75);
        });
        // through the API, on the real gateway (the local fallback here): the same context, and no line in the answer
        Http.Response viaApi = t.api().postJson("/api/v1/perfcases/cases/" + caseId + "/summary", Map.of());
        assertThat(viaApi.status()).as(viaApi.body()).isEqualTo(200);
        assertThat(viaApi.body()).doesNotContain(LINE_CANARY_SQL).doesNotContain(LINE_CANARY_LOKI);
    }

    @Test
    void thePagesConnectASqlSourceReadAnAggregateForACaseAndShowWhatWasWrong() throws Exception {
        Tenant t = Tenant.signUp(port);
        String caseId = caseFor(t);
        Http browser = t.browser();
        Http.Response bad = browser.form("/perfcases", "/perfcases/log-sources", Map.of("kind", "SQL", "label", "",
                "address", "not a url", "username", "x", "secret", "pw"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"pc-connect-logs-errors\"").doesNotContain("value=\"pw\"");
        assertThat(t.api().get("/api/v1/perfcases/log-sources").json().size()).isZero();

        Http.Response connected = browser.form("/perfcases", "/perfcases/log-sources", Map.of("kind", "SQL",
                "label", "Log warehouse", "address", address(), "username", database.cleanupUser(),
                "secret", database.cleanupPassword(), "view", "logs.requests", "groupBy", "service, version",
                "measures", "duration_ms"));
        assertThat(connected.status()).as(connected.body()).isEqualTo(302);
        String page = browser.get("/perfcases").body();
        assertThat(page).contains("Log warehouse").contains("logs.requests").contains("duration_ms");
        String source = t.api().get("/api/v1/perfcases/log-sources").json().get(0).path("id").asString();

        Http.Response read = browser.form("/perfcases/cases/" + caseId, "/perfcases/cases/" + caseId + "/log-aggregates",
                Map.of("sourceId", source, "view", "logs.requests", "groupBy", "version", "measure", "PERCENTILES",
                        "column", "duration_ms", "buckets", "", "logql", ""));
        assertThat(read.status()).as(read.body()).isEqualTo(302);
        String casePage = browser.get("/perfcases/cases/" + caseId).body();
        assertThat(casePage).contains("pc-log-aggregate").contains("p95").doesNotContain(LINE_CANARY_SQL);

        Http.Response wrong = browser.form("/perfcases/cases/" + caseId, "/perfcases/cases/" + caseId + "/log-aggregates",
                Map.of("sourceId", source, "view", "logs.requests", "groupBy", "message", "measure", "COUNT"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"pc-log-errors\"").contains("group-by columns");

        assertThat(browser.form("/perfcases", "/perfcases/log-sources/" + source + "/revoke", Map.of()).status()).isEqualTo(302);
        assertThat(browser.get("/perfcases").body()).contains("Revoked");
        assertThat(browser.get("/perfcases/guides/sql").body()).contains("It never reads");
        assertThat(browser.get("/perfcases/guides/loki").body()).contains("log lines");
    }
}
