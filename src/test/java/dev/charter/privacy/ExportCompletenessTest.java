package dev.charter.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * DSR-1: the export holds everything the data contract says it holds. The test walks the registry: for every data
 * class declared as exported it plants a canary in that class's data, makes a real export, and finds the canary
 * in the section of the exporter that names the class. A class without a planted canary fails the test, and a
 * class without an exporter stops the application at start-up (checked below). A credential's secret, ciphertext
 * and fingerprint appear nowhere in the export.
 */
@CharterTest
class ExportCompletenessTest {

    @LocalServerPort int port;
    @Autowired DataContract contract;
    @Autowired List<PersonalDataExporter> exporters;
    @Autowired DatabaseTarget database;
    @Autowired UsageEvents usage;
    @Autowired BillingRecords billing;

    /** What one planter leaves behind: the text that must appear in the export. */
    private interface Planter {
        String plant(Tenant t, JdbcClient owner);
    }

    @Test
    @Tag("claim:DSR-1")
    void everyDataClassDeclaredAsExportedIsInARealExportAndNoCredentialIs() {
        JdbcClient owner = Owner.jdbc(database);
        Tenant t = Tenant.signUp(port);
        String secret = "cnry-secret-" + UUID.randomUUID();
        Map<String, Planter> planters = planters(secret);

        List<DataClass> exported = contract.dataClasses().stream().filter(DataClass::exported).toList();
        assertThat(exported).extracting(DataClass::name).contains("pilots.pilots", "pilots.runs", "pilots.step-runs",
                "connectors.connections", "vault.credentials");
        List<String> unplanted = exported.stream().map(DataClass::name).filter(n -> !planters.containsKey(n)).toList();
        assertThat(unplanted).as("data classes declared as exported with no canary planted here: add a planter for each, "
                + "so this test proves their data reaches the export").isEmpty();

        Map<String, String> needles = new LinkedHashMap<>();
        Set<String> exportedNames = new java.util.HashSet<>(exported.stream().map(DataClass::name).toList());
        planters.forEach((name, planter) -> { // in the planters' order: the analytics opt-out comes after the usage count
            if (exportedNames.contains(name)) {
                needles.put(name, planter.plant(t, owner));
            }
        });
        // another organization's data of every kind, which must not appear (DSR-6)
        Tenant other = Tenant.signUp(port);
        String otherPilot = "cnry-other-pilot-" + UUID.randomUUID();
        PilotFixtures.create(other.api(), PilotFixtures.threeSteps(otherPilot));

        JsonNode doc = Exports.run(t.api(), true);
        for (var job : t.api().get("/api/v1/privacy/exports").json()) {
            needles.merge("privacy.exports", job.get("id").asString(), (a, b) -> a);
        }
        String text = doc.toString();
        JsonNode sections = doc.get("sections");
        List<String> missing = new ArrayList<>();
        for (DataClass c : exported) {
            PersonalDataExporter e = exporters.stream().filter(x -> x.dataClasses().contains(c.name())).findFirst().orElseThrow();
            JsonNode section = sections.get(e.section());
            String needle = needles.get(c.name());
            if (section == null || !section.toString().contains(needle)) {
                missing.add(c.name() + " (canary " + needle + " not in sections." + e.section() + ")");
            }
        }
        assertThat(missing).as("exported data classes whose data is not in the export").isEmpty();

        // credentials: metadata only
        assertThat(text).doesNotContain(secret);
        var sealed = owner.sql("select ciphertext, wrapped_key, fingerprint from vault_credential where org_id = ?")
                .param(t.org().value()).query().listOfRows();
        assertThat(sealed).isNotEmpty();
        for (var row : sealed) {
            for (String column : List.of("ciphertext", "wrapped_key")) {
                byte[] bytes = (byte[]) row.get(column);
                assertThat(text).doesNotContain(HexFormat.of().formatHex(bytes)).doesNotContain(Base64.getEncoder().encodeToString(bytes))
                        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            assertThat(text).doesNotContain(row.get("fingerprint").toString());
        }
        assertThat(text).doesNotContain(otherPilot).doesNotContain(other.org().toString());
    }

    @Test
    @Tag("claim:DSR-1")
    void aProductThatDeclaresExportedDataWithoutAnExporterStopsTheStart() {
        assertThat(ExportCoverage.problems(contract.dataClasses(), exporters)).isEmpty();

        List<DataClass> withProduct = new ArrayList<>(contract.dataClasses());
        withProduct.add(DataClass.of("widgets.widgets", "widgets_widget").columns("id", "org_id").holds("x").purpose("x")
                .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                .exported(true).erased(true).products("Widgets").org("org_id").build());
        assertThat(ExportCoverage.problems(withProduct, exporters)).containsExactly(
                "data class widgets.widgets (module widgets) is declared as exported, but no PersonalDataExporter names it; "
                        + "the module must contribute one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExportCoverage.require(withProduct, exporters))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("widgets.widgets");

        List<PersonalDataExporter> wrong = new ArrayList<>(exporters);
        wrong.add(exporter("widgets", "audit.events", "widgets.unknown", "pilots.pilots"));
        assertThat(ExportCoverage.problems(contract.dataClasses(), wrong)).containsExactlyInAnyOrder(
                "exporter of section widgets exports data class audit.events, which is declared as not exported; "
                        + "declare it exported(true) so the contract says so",
                "exporter of section widgets names data class widgets.unknown, which no module declares",
                "data class pilots.pilots is exported by two sections (pilots and widgets); export each kind of data once");
    }

    private Map<String, Planter> planters(String secret) {
        Map<String, Planter> p = new LinkedHashMap<>();
        p.put("identity.organizations", (t, db) -> {
            String name = canary("org");
            assertThat(t.api().json("PATCH", "/api/v1/organization", Map.of("name", name)).status()).isEqualTo(200);
            return name;
        });
        p.put("identity.users", (t, db) -> {
            String name = canary("name");
            assertThat(t.api().json("PATCH", "/api/v1/account", Map.of("email", t.email(), "displayName", name)).status())
                    .isEqualTo(200);
            return name;
        });
        p.put("identity.memberships", (t, db) -> instant(db, "identity_membership", "created_at",
                "org_id = ? and user_id = ?", t.org(), t.user(), -1));
        p.put("identity.invitations", (t, db) -> {
            String email = canary("invitee") + "@example.test";
            assertThat(t.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER", "email", email)).status())
                    .isEqualTo(201);
            return email;
        });
        p.put("identity.sessions", (t, db) -> instant(db, "identity_session", "expires_at",
                "org_id = ? and user_id = ?", t.org(), t.user(), 1));
        p.put("identity.api-tokens", (t, db) -> {
            String name = canary("token");
            assertThat(t.api().postJson("/api/v1/account/tokens", Map.of("name", name)).status()).isEqualTo(201);
            return name;
        });
        p.put("identity.server-operators", (t, db) -> {
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
            db.sql("insert into identity_server_operator (user_id, added_at) values (?, ?)")
                    .params(t.user().value(), java.sql.Timestamp.from(at)).update();
            return at.toString();
        });
        p.put("privacy.usage-counts", (t, db) -> {
            String feature = canary("feature");
            usage.featureUsed(t.org(), t.user(), feature);
            return feature;
        });
        p.put("privacy.billing-records", (t, db) -> {
            String plan = canary("plan");
            billing.record(t.org(), LocalDate.now().minusMonths(1), LocalDate.now(), plan, 4200, "EUR");
            return plan;
        });
        p.put("privacy.processing-restrictions", (t, db) -> {
            assertThat(t.api().json("PATCH", "/api/v1/privacy/processing", Map.of("analyticsOptOut", true)).status())
                    .isEqualTo(200);
            return instant(db, "privacy_processing_restriction", "analytics_opt_out_at", "org_id = ? and user_id = ?",
                    t.org(), t.user(), -1);
        });
        p.put("privacy.consents", (t, db) -> {
            String text = canary("consent");
            assertThat(t.api().postJson("/api/v1/privacy/consents",
                    Map.of("processing", "customer-call-analysis", "text", text)).status()).isEqualTo(201);
            return text;
        });
        // the export job itself: its id is read back once the export is made
        p.put("privacy.exports", (t, db) -> null);
        p.put("connectors.connections", (t, db) -> {
            String label = canary("connection");
            var r = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", label,
                    "baseUrl", "https://api.example.com", "authScheme", "BEARER", "secret", secret));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return label;
        });
        p.put("reviews.settings", (t, db) -> {
            db.sql("insert into reviews_settings (org_id, email_subjects, updated_by, updated_at) values (?, true, ?, ?) "
                            + "on conflict (org_id) do update set updated_at = excluded.updated_at")
                    .params(t.org().value(), t.user().value(), java.sql.Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)
                            .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000)))).update();
            return db.sql("select updated_at::text from reviews_settings where org_id = ?").param(t.org().value())
                    .query(String.class).single();
        });
        p.put("reviews.signals", (t, db) -> {
            String title = canary("pull-request");
            db.sql("""
                    insert into reviews_signal (org_id, id, connection_id, source, kind, external_id, identity, occurred_at,
                        title, synced_at) values (?, ?, ?::uuid, 'GITHUB', 'PULL_REQUEST', ?, 'octocat', now(), ?, now())""")
                    .params(t.org().value(), UUID.randomUUID(), reviewsConnection(t, db), canary("pr"), title).update();
            return title;
        });
        p.put("reviews.sync-cursors", (t, db) -> {
            String scope = canary("scope");
            db.sql("""
                    insert into reviews_sync_cursor (org_id, connection_id, scope, updated_at) values (?, ?::uuid, ?, now())""")
                    .params(t.org().value(), reviewsConnection(t, db), scope).update();
            return scope;
        });
        p.put("vault.credentials", (t, db) -> db.sql("""
                select c.id::text from vault_credential c where c.org_id = ? order by c.created_at desc limit 1""")
                .param(t.org().value()).query(String.class).single());
        p.put("pilots.pilots", (t, db) -> {
            String title = canary("pilot");
            PilotFixtures.create(t.api(), Map.of("title", title, "trigger", Map.of("kind", "MANUAL"), "steps", List.of(
                    Map.of("kind", "transform", "name", "shout", "config", Map.of("expression", "$uppercase(trigger.say)")))));
            return title;
        });
        p.put("pilots.runs", (t, db) -> {
            String say = canary("payload");
            String pilot = db.sql("select id::text from pilots_pilot where org_id = ? order by created_at desc limit 1")
                    .param(t.org().value()).query(String.class).single();
            var r = t.api().postJson("/api/v1/pilots/" + pilot + "/runs", Map.of("say", say));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            PilotFixtures.awaitRun(t.api(), r.json().get("run").asString());
            return say;
        });
        // the step's output is the payload upper-cased: text that exists only in pilots_step_run
        p.put("pilots.step-runs", (t, db) -> db.sql("""
                select s.output #>> '{}' from pilots_step_run s where s.org_id = ? order by s.started_at desc limit 1""")
                .param(t.org().value()).query(String.class).single());
        p.put("perfcases.connections", (t, db) -> {
            String label = canary("telemetry");
            perfcasesConnection(t, label);
            return label;
        });
        p.put("perfcases.versions", (t, db) -> {
            String version = canary("version");
            db.sql("""
                    insert into perfcases_version (org_id, connection_id, service, version, first_seen_at, last_seen_at, summary)
                    values (?, ?::uuid, 'svc', ?, now(), now(), '{}')""")
                    .params(t.org().value(), perfcasesConnection(t, canary("for-version")), version).update();
            return version;
        });
        p.put("perfcases.log-sources", (t, db) -> {
            String label = canary("log-source");
            perfcasesLogSource(t, label);
            return label;
        });
        // strict mode holds no text: the admin who switched it is the needle
        p.put("perfcases.log-settings", (t, db) -> {
            db.sql("insert into perfcases_log_settings (org_id, strict, updated_by, updated_at) values (?, false, ?, now())")
                    .params(t.org().value(), t.user().value()).update();
            return t.user().value().toString();
        });
        p.put("perfcases.log-aggregates", (t, db) -> {
            String query = canary("log-aggregate");
            UUID caseId = UUID.randomUUID();
            db.sql("""
                    insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                        origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'MANUAL', 'OPEN', 'logs', now())""")
                    .params(caseId, t.org().value(), perfcasesConnection(t, canary("for-log-case"))).update();
            db.sql("""
                    insert into perfcases_log_aggregate (id, org_id, case_id, source_id, language, query, result, read_at)
                    values (?, ?, ?, ?::uuid, 'LogQL', ?, '[]', now())""")
                    .params(UUID.randomUUID(), t.org().value(), caseId, perfcasesLogSource(t, canary("for-aggregate")), query)
                    .update();
            return query;
        });
        p.put("perfcases.cases", (t, db) -> {
            String title = canary("case");
            db.sql("""
                    insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                        origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'MANUAL', 'OPEN', ?, now())""")
                    .params(UUID.randomUUID(), t.org().value(), perfcasesConnection(t, canary("for-case")), title).update();
            return title;
        });
        p.put("perfcases.support-grants", (t, db) -> {
            String reason = canary("support-reason");
            UUID caseId = UUID.randomUUID();
            db.sql("""
                    insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                        origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'MANUAL', 'OPEN', 't', now())""")
                    .params(caseId, t.org().value(), perfcasesConnection(t, canary("for-grant"))).update();
            db.sql("""
                    insert into perfcases_support_grant (id, org_id, case_id, operator_id, reason, granted_at, expires_at)
                    values (?, ?, ?, ?, ?, now(), now() + interval '1 hour')""")
                    .params(UUID.randomUUID(), t.org().value(), caseId, t.user().value(), reason).update();
            return reason;
        });
        p.put("perfcases.access-proposals", (t, db) -> {
            String why = canary("justification");
            UUID caseId = perfcasesCase(t, db);
            db.sql("""
                    insert into perfcases_access_proposal (id, org_id, case_id, connection_id, scope, subject, justification,
                        status, proposed_at) select ?, org_id, id, connection_id, 'TRACE_ATTRIBUTE', 'http.route', ?, 'PROPOSED', now()
                    from perfcases_case where id = ?""").params(UUID.randomUUID(), why, caseId).update();
            return why;
        });
        p.put("perfcases.span-aggregates", (t, db) -> {
            String span = canary("span");
            UUID caseId = perfcasesCase(t, db);
            db.sql("""
                    insert into perfcases_span_aggregate (id, org_id, case_id, connection_id, service, version, span_name,
                        span_count, error_count, window_start, window_end, read_at)
                    select ?, org_id, id, connection_id, 'svc', '2', ?, 1, 0, now(), now(), now() from perfcases_case where id = ?""")
                    .params(UUID.randomUUID(), span, caseId).update();
            return span;
        });
        p.put("perfcases.flame-summaries", (t, db) -> {
            String frame = canary("frame");
            UUID caseId = perfcasesCase(t, db);
            db.sql("""
                    insert into perfcases_flame_summary (id, org_id, case_id, source, version, profile_type, unit, total,
                        frames, read_at)
                    select ?, org_id, id, 'JFR', '2', 'jdk.ExecutionSample', 'samples', 3,
                        jsonb_build_array(jsonb_build_object('name', ?::text, 'self', 3, 'total', 3)), now()
                    from perfcases_case where id = ?""")
                    .params(UUID.randomUUID(), frame, caseId).update();
            return frame;
        });
        p.put("perfcases.code-hosts", (t, db) -> {
            String label = canary("code-host");
            perfcasesCodeHost(t, label);
            return label;
        });
        p.put("perfcases.agent-sessions", (t, db) -> {
            String ref = canary("ref").replaceAll("[^A-Za-z0-9._-]", "-");
            perfcasesSession(t, db, ref);
            return ref;
        });
        p.put("perfcases.agent-logs", (t, db) -> {
            String line = canary("agent-log");
            UUID session = perfcasesSession(t, db, "v1");
            db.sql("insert into perfcases_agent_log (session_id, seq, org_id, at, line) values (?, 1, ?, now(), ?)")
                    .params(session, t.org().value(), line).update();
            return line;
        });
        p.put("reviews.identity-links", (t, db) -> {
            String login = canary("login");
            db.sql("""
                    insert into reviews_identity_link (org_id, source, identity, user_id, confirmed_by, confirmed_at)
                    values (?, 'GITHUB', ?, ?, ?, now())""")
                    .params(t.org().value(), login, t.user().value(), t.user().value()).update();
            return login;
        });
        p.put("reviews.cycles", (t, db) -> {
            String name = canary("cycle");
            db.sql("""
                    insert into reviews_cycle (org_id, id, name, period_start, period_end, created_by, created_at)
                    values (?, ?, ?, date '2026-10-01', date '2026-12-31', ?, now())""")
                    .params(t.org().value(), UUID.randomUUID(), name, t.user().value()).update();
            return name;
        });
        p.put("reviews.reviews", (t, db) -> {
            String sentence = canary("sentence");
            UUID cycle = UUID.randomUUID();
            db.sql("""
                    insert into reviews_cycle (org_id, id, name, period_start, period_end, created_at)
                    values (?, ?, 'for a review', date '2026-10-01', date '2026-12-31', now())""")
                    .params(t.org().value(), cycle).update();
            db.sql("""
                    insert into reviews_review (org_id, id, cycle_id, reviewee_id, reviewer_id, draft, updated_at)
                    values (?, ?, ?, ?, ?, ?::jsonb, now())""")
                    .params(t.org().value(), UUID.randomUUID(), cycle, t.user().value(), t.user().value(),
                            "{\"sentences\":[{\"section\":\"reviewer\",\"text\":\"" + sentence
                                    + "\",\"signals\":[],\"flag\":null}],\"removedRatings\":0,\"removedUnknownIds\":0}")
                    .update();
            return sentence;
        });
        p.put("reviews.calls-settings", (t, db) -> {
            String domain = canary("domain") + ".example";
            db.sql("insert into reviews_calls_settings (org_id, internal_domains) values (?, ?)")
                    .params(t.org().value(), new String[] {domain}).update();
            return domain;
        });
        p.put("reviews.calls", (t, db) -> {
            String meeting = canary("meeting");
            db.sql("""
                    insert into reviews_calls_call (org_id, id, provider, external_id, reviewee_id, status, received_at)
                    values (?, ?, 'ZOOM', ?, ?, 'ANALYSED', now())""")
                    .params(t.org().value(), UUID.randomUUID(), meeting, t.user().value()).update();
            return meeting;
        });
        p.put("reviews.call-signals", (t, db) -> {
            String value = canary("next-step");
            UUID call = db.sql("select id from reviews_calls_call where org_id = ? limit 1").param(t.org().value())
                    .query(UUID.class).single();
            db.sql("""
                    insert into reviews_calls_signal (org_id, id, call_id, person_id, kind, value, occurred_at, created_at)
                    values (?, ?, ?, ?, 'NEXT_STEP', ?, now(), now())""")
                    .params(t.org().value(), UUID.randomUUID(), call, t.user().value(), value).update();
            return value;
        });
        p.put("crews.settings", (t, db) -> {
            int days = ThreadLocalRandom.current().nextInt(1000, 3000);
            assertThat(t.api().json("PUT", "/api/v1/crews/settings", Map.of("retentionDays", days)).status()).isEqualTo(200);
            return "\"retentionDays\":" + days;
        });
        p.put("crews.crews", (t, db) -> {
            String name = canary("crew");
            dev.charter.crews.CrewsFixtures.crew(t, name);
            return name;
        });
        p.put("crews.mailboxes", (t, db) -> {
            String address = canary("mailbox") + "@example.test";
            db.sql("""
                    insert into crews_mailbox (crew_id, org_id, imap_connection_id, smtp_connection_id, address)
                    select (select id from crews_crew where org_id = ? limit 1), ?, k.id, k.id, ?
                    from connectors_connection k where k.org_id = ? limit 1""")
                    .params(t.org().value(), t.org().value(), address, t.org().value()).update();
            return address;
        });
        p.put("crews.contacts", (t, db) -> {
            String company = canary("company");
            String crew = db.sql("select id::text from crews_crew where org_id = ? limit 1").param(t.org().value())
                    .query(String.class).single();
            dev.charter.crews.CrewsFixtures.post(t, crew, Map.of("text", "Hello", "subject", "Greeting",
                    "contact", Map.of("email", "export-" + UUID.randomUUID() + "@example.test", "company", company)));
            return company;
        });
        p.put("crews.conversations", (t, db) -> {
            String subject = canary("subject");
            String crew = db.sql("select id::text from crews_crew where org_id = ? limit 1").param(t.org().value())
                    .query(String.class).single();
            dev.charter.crews.CrewsFixtures.post(t, crew, Map.of("text", "A question", "subject", subject));
            return subject;
        });
        p.put("crews.documents", (t, db) -> {
            String text = canary("document");
            var r = t.api().postJson("/api/v1/crews/knowledge/documents", Map.of("title", "Help", "format", "text",
                    "content", "Our help says " + text));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return text;
        });
        p.put("crews.usage-counts", (t, db) -> {
            long count = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
            db.sql("insert into crews_usage_count (org_id, day, name, count) values (?, current_date - 1, 'answer', ?)")
                    .params(t.org().value(), count).update();
            return "\"count\":" + count;
        });
        p.put("crews.messages", (t, db) -> {
            String text = canary("message");
            String crew = db.sql("select id::text from crews_crew where org_id = ? limit 1").param(t.org().value())
                    .query(String.class).single();
            dev.charter.crews.CrewsFixtures.post(t, crew, Map.of("text", text));
            return text;
        });
        p.put("crews.review-policy", (t, db) -> {
            double min = ThreadLocalRandom.current().nextInt(1000, 9000) / 10000.0;
            var r = t.api().json("PUT", "/api/v1/crews/settings/review", Map.of("gates",
                    Map.of("category", Map.of("minConfidence", min, "minMargin", 0.1))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return "\"minConfidence\":" + min;
        });
        p.put("crews.results", (t, db) -> {
            String crew = db.sql("select id::text from crews_crew where org_id = ? limit 1").param(t.org().value())
                    .query(String.class).single();
            var posted = dev.charter.crews.CrewsFixtures.post(t, crew, Map.of("text", "How much is the pro plan?"));
            return db.sql("select id::text from crews_result where conversation_id = ? and kind = 'lead-score'")
                    .param(UUID.fromString(posted.get("conversationId").asString())).query(String.class).single();
        });
        p.put("crews.reviews", (t, db) -> {
            String text = canary("review-request");
            String crew = db.sql("select id::text from crews_crew where org_id = ? limit 1").param(t.org().value())
                    .query(String.class).single();
            var posted = dev.charter.crews.CrewsFixtures.post(t, crew, Map.of("text", "A question about plans"));
            var r = t.api().postJson("/api/v1/crews/" + crew + "/conversations/" + posted.get("conversationId").asString()
                    + "/review-requests", Map.of("text", text));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return text;
        });
        return p;
    }

    private static UUID perfcasesCase(Tenant t, JdbcClient db) {
        UUID id = UUID.randomUUID();
        db.sql("""
                insert into perfcases_case (id, org_id, connection_id, service, metric, baseline_version, candidate_version,
                    origin, status, title, opened_at) values (?, ?, ?::uuid, 'svc', 'LATENCY_P95', '1', '2', 'MANUAL', 'OPEN', 'c', now())""")
                .params(id, t.org().value(), perfcasesConnection(t, canary("for-trace-case"))).update();
        return id;
    }

    private static String perfcasesCodeHost(Tenant t, String label) {
        var r = t.api().postJson("/api/v1/perfcases/code-hosts", Map.of("label", label, "apiBase", "http://127.0.0.1:9",
                "gitBase", "http://127.0.0.1:9", "appId", "1", "installationId", 2, "account", "acme",
                "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
                "webhookSecret", "a-webhook-secret-of-length"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A session row as the agent writes it (running one needs a sandbox and a code host). */
    private static UUID perfcasesSession(Tenant t, JdbcClient db, String goodRef) {
        UUID id = UUID.randomUUID();
        db.sql("""
                insert into perfcases_agent_session (id, org_id, case_id, code_host_id, repo_owner, repo_name, good_ref,
                    bad_ref, status, created_at) values (?, ?, ?, ?::uuid, 'acme', 'shop', ?, 'v2', 'FINISHED', now())""")
                .params(id, t.org().value(), perfcasesCase(t, db), perfcasesCodeHost(t, canary("host")), goodRef).update();
        return id;
    }

    private static String perfcasesConnection(Tenant t, String label) {
        var r = t.api().postJson("/api/v1/perfcases/connections", Map.of("kind", "PROMETHEUS", "label", label,
                "baseUrl", "http://127.0.0.1:9", "detection", Map.of("checkEvery", "PT24H")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static String perfcasesLogSource(Tenant t, String label) {
        var r = t.api().postJson("/api/v1/perfcases/log-sources", Map.of("kind", "LOKI", "label", label,
                "address", "http://127.0.0.1:9"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A connection for Reviews' rows to belong to (an HTTP API one: signals only need the row). */
    private static String reviewsConnection(Tenant t, JdbcClient db) {
        var r = t.api().postJson("/api/v1/connections", Map.of("kind", "HTTP_API", "label", canary("reviews-source"),
                "baseUrl", "https://api.example.com", "authScheme", "BEARER", "secret", "reviews-source-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static String canary(String label) {
        return "cnry-" + label + "-" + UUID.randomUUID();
    }

    /** Sets one timestamp of the tenant's row to a unique instant (milliseconds set) and returns it as the export writes it. */
    private static String instant(JdbcClient db, String table, String column, String where, OrgId org, UserId user, int days) {
        Instant at = Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS)
                .plusMillis(ThreadLocalRandom.current().nextInt(1, 1000));
        int rows = db.sql("update " + table + " set " + column + " = ? where " + where)
                .params(java.sql.Timestamp.from(at), org.value(), user.value()).update();
        assertThat(rows).as(table).isPositive();
        return at.toString();
    }

    private static PersonalDataExporter exporter(String section, String... classes) {
        return new PersonalDataExporter() {
            public String section() {
                return section;
            }

            public Set<String> dataClasses() {
                return Set.of(classes);
            }

            public Object exportPerson(OrgId org, UserId person) {
                return Map.of();
            }
        };
    }
}
