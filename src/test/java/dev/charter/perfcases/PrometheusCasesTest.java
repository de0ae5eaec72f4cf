package dev.charter.perfcases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.Canary;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Perf cases against a real Prometheus on loopback, scraping a simulated service with two services of two versions
 * each: {@code checkout} 1.1 is 30 % slower than 1.0, {@code catalog} 2.1 is the same as 2.0 (noise only). The
 * Prometheus requires basic auth, so every query carries the vault's credential through egress.
 */
@CharterTest
class PrometheusCasesTest {

    static final String USER = "charter-reader";
    static final String PASSWORD = "prometheus-password-" + java.util.UUID.randomUUID();

    static SimulatedService service;
    static RealPrometheus prometheus;
    static final List<Runnable> revokeAfter = new ArrayList<>();

    @LocalServerPort int port;
    @Autowired DatabaseTarget database;

    @BeforeAll
    static void start() throws Exception {
        assertThat(RealPrometheus.available()).as("a real Prometheus: apt-get install -y prometheus").isTrue();
        service = new SimulatedService(0.05, 100)
                .add("checkout", "1.0", 1.0, 0).add("checkout", "1.1", 1.3, 8000)
                .add("catalog", "2.0", 1.0, 0).add("catalog", "2.1", 1.0, 8000);
        prometheus = RealPrometheus.start(List.of(service.target()), USER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        revokeAfter.forEach(Runnable::run);
        if (prometheus != null) {
            prometheus.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private Map<String, Object> connection(String password, String checkEvery) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "PROMETHEUS");
        body.put("label", "Production Prometheus");
        body.put("baseUrl", prometheus.baseUrl());
        body.put("auth", "BASIC");
        body.put("username", USER);
        body.put("secret", password);
        body.put("grant", Map.of("serviceLabel", "service_name"));
        body.put("detection", Map.of("lookback", "PT2M", "step", "PT2S", "minSamples", 8, "minEffect", 0.05,
                "alpha", 0.01, "checkEvery", checkEvery));
        return body;
    }

    private String connect(Tenant t, String checkEvery) {
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", connection(PASSWORD, checkEvery));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        revokeAfter.add(() -> t.api().postJson("/api/v1/perfcases/connections/" + id + "/revoke", Map.of()));
        return id;
    }

    @Test
    @Tag("claim:PRF-9")
    void nothingIsConnectedByDefaultAndRevokingStopsEveryQueryAtOnce() throws Exception {
        Tenant t = Tenant.signUp(port);
        Http.Response none = t.api().get("/api/v1/perfcases/connections");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().size()).as("a new organization has no telemetry connection").isZero();

        String id = connect(t, "PT1H");
        JdbcClient owner = Owner.jdbc(database);
        String credential = owner.sql("select credential_id::text from perfcases_connection where id = ?::uuid")
                .param(id).query(String.class).single();
        assertThat(credential).isNotNull();
        assertThat(t.api().postJson("/api/v1/perfcases/connections/" + id + "/detect", Map.of()).status()).isEqualTo(200);
        int sent = prometheus.queryLog().size();
        assertThat(sent).as("the pass queried the source").isPositive();

        Http.Response revoked = t.api().postJson("/api/v1/perfcases/connections/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(owner.sql("select count(*) from vault_credential where id = ?::uuid").param(credential)
                .query(Long.class).single()).as("the credential is deleted with the revocation").isZero();
        assertThat(owner.sql("select credential_id is null from perfcases_connection where id = ?::uuid").param(id)
                .query(Boolean.class).single()).as("the grant keeps no reference to a credential").isTrue();

        Http.Response after = t.api().postJson("/api/v1/perfcases/connections/" + id + "/detect", Map.of());
        assertThat(after.status()).isEqualTo(409);
        Http.Response manual = t.api().postJson("/api/v1/perfcases/cases", Map.of("connectionId", id, "service", "checkout",
                "metric", "LATENCY_P95", "baselineVersion", "1.0", "candidateVersion", "1.1"));
        assertThat(manual.status()).isEqualTo(409);
        assertThat(prometheus.queryLog()).as("no query reached the source after the revocation").hasSize(sent);
    }

    @Test
    @Tag("claim:PRF-9")
    void badInputIsRefusedWholeAndSavesNothing() {
        Tenant t = Tenant.signUp(port);
        Map<String, Object> bad = connection("", "PT1H");
        bad.put("baseUrl", "ftp://example.test");
        Http.Response r = t.api().postJson("/api/v1/perfcases/connections", bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("baseUrl").contains("secret");
        assertThat(t.api().get("/api/v1/perfcases/connections").json().size()).isZero();
    }

    @Test
    @Tag("claim:AUD-5")
    void everyQueryIsAuditedVerbatimBeforeItIsSent() throws Exception {
        Tenant t = Tenant.signUp(port);
        String id = connect(t, "PT1H");
        int before = prometheus.queryLog().size();
        assertThat(t.api().postJson("/api/v1/perfcases/connections/" + id + "/detect", Map.of()).status()).isEqualTo(200);
        List<String> ran = new ArrayList<>();
        for (String line : prometheus.queryLog().subList(before, prometheus.queryLog().size())) {
            ran.add(Http.JSON.readTree(line).path("params").path("query").asString());
        }
        assertThat(ran).isNotEmpty();
        JdbcClient owner = Owner.jdbc(database);
        List<JsonNode> audited = owner.sql("""
                        select details::text from audit_event where org_id = ?::uuid and action = 'perfcases.query.sent'
                        and target = ? order by id""").params(t.org().value().toString(), "telemetry-connection:" + id)
                .query(String.class).list().stream().map(Http.JSON::readTree).toList();
        assertThat(audited.stream().map(d -> d.path("query").asString()).toList())
                .as("each query the source ran is in the audit log, verbatim").containsExactlyInAnyOrderElementsOf(ran);
        assertThat(audited).allSatisfy(d -> {
            assertThat(d.path("language").asString()).isEqualTo("PromQL");
            assertThat(d.path("path").asString()).isEqualTo("/api/v1/query_range");
            assertThat(d.path("case").asString()).isEqualTo("none");
        });
        assertThat(owner.sql("select count(*) from audit_event where org_id = ?::uuid and action = 'perfcases.query.sent' "
                        + "and actor is not null").param(t.org().value().toString()).query(Long.class).single())
                .as("the person who ran the pass is recorded").isEqualTo(audited.size());
        revoke(t, id);
    }

    @Test
    @Tag("claim:AUD-5")
    void aQueryWhoseAuditRecordCannotBeWrittenIsNotSent() throws Exception {
        Tenant t = Tenant.signUp(port);
        String id = connect(t, "PT1H");
        JdbcClient owner = Owner.jdbc(database);
        int before = prometheus.queryLog().size();
        owner.sql("revoke insert on audit_event from \"" + database.appUser() + "\"").update();
        Http.Response r;
        try {
            r = t.api().postJson("/api/v1/perfcases/connections/" + id + "/detect", Map.of());
        } finally {
            owner.sql("grant insert on audit_event to \"" + database.appUser() + "\"").update();
        }
        assertThat(r.status()).isGreaterThanOrEqualTo(500);
        assertThat(prometheus.queryLog()).as("nothing reached the source").hasSize(before);
        assertThat(t.api().postJson("/api/v1/perfcases/connections/" + id + "/detect", Map.of()).status()).isEqualTo(200);
        assertThat(prometheus.queryLog().size()).as("with the audit log writable again, queries go out").isGreaterThan(before);
        revoke(t, id);
    }

    @Test
    @Tag("claim:PRF-8")
    @Tag("claim:PRF-1")
    void theScheduleOpensACaseForTheSlowerVersionAndNoneForNoise() throws Exception {
        Tenant t = Tenant.signUp(port);
        try (Canary canary = Canary.start(database)) {
            String id = connect(t, "PT2S");
            await(Duration.ofSeconds(180), () -> cases(t).stream().anyMatch(c -> c.path("service").asString().equals("checkout")
                    && c.path("metric").asString().equals("LATENCY_P95")));
            List<JsonNode> cases = cases(t);
            assertThat(cases).as("no case for the version that only differs by noise")
                    .noneMatch(c -> c.path("service").asString().equals("catalog"));
            JsonNode p95 = cases.stream().filter(c -> c.path("metric").asString().equals("LATENCY_P95")).findFirst().orElseThrow();
            assertThat(p95.path("baselineVersion").asString()).isEqualTo("1.0");
            assertThat(p95.path("candidateVersion").asString()).isEqualTo("1.1");
            assertThat(p95.path("origin").asString()).isEqualTo("DETECTED");
            JsonNode stats = p95.path("evidence").path("statistics");
            assertThat(stats.path("candidateSamples").asInt()).isGreaterThanOrEqualTo(8);
            assertThat(stats.path("pValue").asDouble()).isLessThanOrEqualTo(0.01);
            assertThat(stats.path("effect").asDouble()).isBetween(0.15, 0.5);
            assertThat(p95.path("evidence").path("baseline").size()).isPositive();
            assertThat(p95.path("evidence").path("candidate").size()).isPositive();

            // PRF-1: what is stored are aggregates per version; the raw exposition of the source is nowhere
            JdbcClient owner = Owner.jdbc(database);
            assertThat(owner.sql("select count(*) from perfcases_version where connection_id = ?::uuid").param(id)
                    .query(Long.class).single()).isEqualTo(4);
            // only the source's exposition holds these: a bucket boundary and the label of successful requests
            assertThat(canary.database("le=\"0.005\"")).isEmpty();
            assertThat(canary.database("http_response_status_code=\"200\"")).isEmpty();
            assertThat(canary.database(PASSWORD)).isEmpty();
            assertThat(canary.logs(PASSWORD)).isEmpty();

            // the pages: connection with its services and versions, the case with its evidence, the guide
            Http.Response page = t.browser().get("/perfcases/connections/" + id);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("checkout", "catalog", "data-version=\"1.1\"", "data-charts=");
            Http.Response casePage = t.browser().get("/perfcases/cases/" + p95.path("id").asString());
            assertThat(casePage.status()).isEqualTo(200);
            assertThat(casePage.body()).contains("Mann-Whitney U, one-sided", "pc-case-chart");
            assertThat(t.browser().get("/perfcases").body()).contains(p95.path("title").asString());
            assertThat(t.browser().get("/perfcases/guides/prometheus").body()).contains("It never reads");

            // a person can open a case by hand, its queries audited under the case
            Http.Response manual = t.api().postJson("/api/v1/perfcases/cases", Map.of("connectionId", id, "service", "catalog",
                    "metric", "LATENCY_MEAN", "baselineVersion", "2.0", "candidateVersion", "2.1"));
            assertThat(manual.status()).as(manual.body()).isEqualTo(201);
            String caseId = manual.json().get("id").asString();
            assertThat(manual.json().path("origin").asString()).isEqualTo("MANUAL");
            assertThat(manual.json().path("evidence").path("statistics").path("regression").isMissingNode()).isTrue();
            assertThat(owner.sql("select count(*) from audit_event where action = 'perfcases.query.sent' and details->>'case' = ?")
                    .param(caseId).query(Long.class).single()).isPositive();
            revoke(t, id);
        }
    }

    /** Revokes at the end of a test, so no scheduled pass of it runs into the next test's count of queries. */
    private static void revoke(Tenant t, String id) {
        assertThat(t.api().postJson("/api/v1/perfcases/connections/" + id + "/revoke", Map.of()).status()).isEqualTo(200);
    }

    private static List<JsonNode> cases(Tenant t) {
        List<JsonNode> out = new ArrayList<>();
        t.api().get("/api/v1/perfcases/cases").json().forEach(out::add);
        return out;
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(condition::getAsBoolean);
    }
}
