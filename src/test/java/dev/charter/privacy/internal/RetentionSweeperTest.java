package dev.charter.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataContract;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.MovableClock;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RET-2 and RET-3: the sweeper enforces every declared rule, nothing outlives its rule, usage logs
 * go after 90 days, billing records after 7 years, account data stays while the account is active.
 * The clock is moved instead of waiting.
 */
@CharterTest
@Import(MovableClock.Config.class)
class RetentionSweeperTest {

    /** Rules the sweeper cannot carry out itself until their owner registers a RetentionPurge, and why. */
    static final Map<String, String> OWNER_PURGE_PENDING = Map.of();

    @LocalServerPort int port;
    @Autowired RetentionSweeper sweeper;
    @Autowired DataContract contract;
    @Autowired MovableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;
    @Autowired MeterRegistry meters;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("claim:RET-2")
    void everyDeclaredRuleHasAnEnforcer() {
        for (DataClass c : contract.dataClasses()) {
            RetentionRule r = c.retention();
            boolean cascade = r instanceof RetentionRule.WhileAccountActive || r instanceof RetentionRule.WhileOrganizationActive
                    || r instanceof RetentionRule.WithParent;
            boolean operational = r instanceof RetentionRule.Operational;
            if (cascade || operational) {
                continue; // cascades are checked by DataClassRegistryTest; operational data is not personal
            }
            if (OWNER_PURGE_PENDING.containsKey(c.name()) && !sweeper.enforces(c)) {
                continue;
            }
            assertThat(sweeper.enforces(c)).as("%s declares '%s' but nothing enforces it", c.name(), r.describe()).isTrue();
        }
    }

    @Test
    @Tag("claim:RET-2")
    void afterASweepNoRowOutlivesItsRule() {
        Tenant t = Tenant.signUp(port);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        usage(t, today.minusDays(200), "/old");
        usage(t, today, "/new");
        billing(t, today.minusYears(8), "old plan");
        billing(t, today, "current plan");
        UUID oldExport = export(t, now.minus(Duration.ofDays(3)));
        UUID freshExport = export(t, now.minus(Duration.ofHours(2)));
        UUID unfinished = export(t, null);
        UUID expiredSession = session(t, now.minus(Duration.ofHours(1)));
        UUID liveSession = session(t, now.plus(Duration.ofHours(1)));
        invitation(t, now.minus(Duration.ofMinutes(1)));

        double before = deletedMetric("privacy.usage-counts");
        var sweep = sweeper.sweep();

        assertThat(violations(now)).as("rows past their rule after the sweep").isEmpty();
        assertThat(names(t)).containsExactly("/new");
        assertThat(jdbc.sql("select plan from privacy_billing_record where org_id = ?").param(t.org().value())
                .query(String.class).list()).containsExactly("current plan");
        assertThat(ids("privacy_export_job", t)).containsExactlyInAnyOrder(freshExport, unfinished).doesNotContain(oldExport);
        assertThat(ids("identity_session", t)).contains(liveSession).doesNotContain(expiredSession);
        assertThat(ids("identity_invitation", t)).isEmpty();
        assertThat(sweep.deleted()).containsKeys("privacy.usage-counts", "privacy.billing-records", "privacy.exports",
                "identity.sessions", "identity.invitations");
        assertThat(deletedMetric("privacy.usage-counts")).isGreaterThanOrEqualTo(before + 1);

        // the sweep is in the audit log, with counts and never contents
        var audit = jdbc.sql("select details::text from audit_event where action = 'privacy.retention.swept' order by id desc limit 1")
                .query(String.class).single();
        assertThat(audit).contains("privacy.usage-counts").doesNotContain("/old").doesNotContain("old plan");
    }

    @Test
    @Tag("claim:RET-3")
    void usageLogsAreKept90DaysBillingRecords7YearsAccountDataWhileTheAccountIsActive() {
        Tenant t = Tenant.signUp(port);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        usage(t, today.minusDays(89), "/day-89");
        usage(t, today.minusDays(91), "/day-91");
        billing(t, today.minusYears(7).plusDays(1), "within 7 years");
        billing(t, today.minusYears(7).minusDays(1), "older than 7 years");

        sweeper.sweep();
        assertThat(names(t)).containsExactly("/day-89");
        assertThat(jdbc.sql("select plan from privacy_billing_record where org_id = ?").param(t.org().value())
                .query(String.class).list()).containsExactly("within 7 years");

        // ten years on, the account and everything kept "while the account is active" is still there
        t.browser().json("PATCH", "/api/v1/privacy/processing", Map.of("analyticsOptOut", true));
        clock.advance(Duration.ofDays(3653));
        sweeper.sweep();
        assertThat(count("identity_user", "id", t.user().value())).isEqualTo(1);
        assertThat(count("identity_membership", "user_id", t.user().value())).isEqualTo(1);
        assertThat(count("identity_api_token", "user_id", t.user().value())).isEqualTo(1);
        assertThat(count("privacy_processing_restriction", "user_id", t.user().value())).isEqualTo(1);
        assertThat(names(t)).isEmpty();

        // and it goes the moment the account does
        clock.reset();
        var deleted = t.api().json("DELETE", "/api/v1/account", Map.of("confirmation", t.email()));
        assertThat(deleted.status()).isEqualTo(200);
        for (String table : List.of("identity_user", "identity_membership", "identity_api_token", "privacy_processing_restriction")) {
            assertThat(count(table, table.equals("identity_user") ? "id" : "user_id", t.user().value())).as(table).isZero();
        }
    }

    @Test
    @Tag("claim:RET-2")
    void newestPerKeyKeepsOnlyTheNewestRowsOfEachKey() {
        JdbcClient owner = Owner.jdbc(database);
        owner.sql("create table privacy_probe_run (id serial primary key, pilot int not null, started_at timestamptz not null)").update();
        try {
            Instant now = Instant.now();
            for (int pilot = 1; pilot <= 2; pilot++) {
                for (int i = 0; i < 7; i++) {
                    owner.sql("insert into privacy_probe_run (pilot, started_at) values (?, ?)")
                            .params(pilot, Timestamp.from(now.minusSeconds(i * 60L))).update();
                }
            }
            DataClass runs = DataClass.of("probe.runs", "privacy_probe_run").columns("id", "pilot", "started_at").holds("x")
                    .purpose("x").basis(LegalBasis.CONTRACT)
                    .retention(new RetentionRule.NewestPerKey(5, "pilot", "started_at", "Pilot")).build();
            assertThat(runs.retention().describe()).isEqualTo("newest 5 per Pilot");
            int deleted;
            do {
                var st = RetentionSql.delete(runs, now, 3).orElseThrow();
                deleted = owner.sql(st.sql()).params(st.params()).update();
            } while (deleted == 3);
            var kept = owner.sql("select pilot, count(*) as n, min(started_at) as oldest from privacy_probe_run group by pilot order by pilot")
                    .query().listOfRows();
            assertThat(kept).hasSize(2).allSatisfy(r -> assertThat(((Number) r.get("n")).intValue()).isEqualTo(5));
            assertThat(((Timestamp) kept.get(0).get("oldest")).toInstant()).isAfter(now.minusSeconds(5 * 60L));
        } finally {
            owner.sql("drop table privacy_probe_run").update();
        }
    }

    /** Independent of the sweeper's SQL: every row of every time-based class that is past its rule at {@code now}. */
    private List<String> violations(Instant now) {
        List<String> out = new java.util.ArrayList<>();
        for (DataClass c : contract.dataClasses()) {
            String sql;
            Instant cutoff;
            RetentionRule rule = c.retention();
            if (rule instanceof RetentionRule.MaxAge r) {
                sql = "select count(*) from " + c.table() + " where " + r.timestampColumn() + " < ?";
                cutoff = now.atOffset(ZoneOffset.UTC).minus(r.maxAge()).toInstant();
            } else if (rule instanceof RetentionRule.AfterFinished r) {
                sql = "select count(*) from " + c.table() + " where " + r.finishedColumn() + " < ?";
                cutoff = now.atOffset(ZoneOffset.UTC).minus(r.keep()).toInstant();
            } else if (rule instanceof RetentionRule.UntilExpiry r) {
                sql = "select count(*) from " + c.table() + " where " + r.expiresColumn() + " <= ?";
                cutoff = now;
            } else {
                continue;
            }
            long n = jdbc.sql(sql).param(Timestamp.from(cutoff)).query(Long.class).single();
            if (n > 0) {
                out.add(c.name() + ": " + n + " rows past '" + c.retention().describe() + "'");
            }
        }
        return out;
    }

    private void usage(Tenant t, LocalDate day, String name) {
        jdbc.sql("insert into privacy_usage_event (org_id, day, kind, name, count) values (?, ?, 'page_view', ?, 3)")
                .params(t.org().value(), Date.valueOf(day), name).update();
    }

    private void billing(Tenant t, LocalDate periodEnd, String plan) {
        jdbc.sql("""
                insert into privacy_billing_record (id, org_id, period_start, period_end, plan, amount_cents, currency)
                values (?, ?, ?, ?, ?, 1900, 'EUR')""")
                .params(UUID.randomUUID(), t.org().value(), Date.valueOf(periodEnd.minusMonths(1)), Date.valueOf(periodEnd), plan)
                .update();
    }

    private UUID export(Tenant t, Instant finishedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into privacy_export_job (id, org_id, user_id, include_organization, status, created_at, finished_at)
                values (?, ?, ?, false, ?, ?, ?)""")
                .params(id, t.org().value(), t.user().value(), finishedAt == null ? "RUNNING" : "DONE",
                        Timestamp.from(Instant.now().minus(Duration.ofDays(5))), finishedAt == null ? null : Timestamp.from(finishedAt))
                .update();
        return id;
    }

    private UUID session(Tenant t, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into identity_session (id, org_id, user_id, expires_at) values (?, ?, ?, ?)")
                .params(id, t.org().value(), t.user().value(), Timestamp.from(expiresAt)).update();
        return id;
    }

    private void invitation(Tenant t, Instant expiresAt) {
        jdbc.sql("""
                insert into identity_invitation (id, org_id, token_hash, role, created_by, expires_at)
                values (?, ?, ?, 'MEMBER', ?, ?)""")
                .params(UUID.randomUUID(), t.org().value(), UUID.randomUUID().toString().getBytes(), t.user().value(),
                        Timestamp.from(expiresAt)).update();
    }

    private List<String> names(Tenant t) {
        return jdbc.sql("select name from privacy_usage_event where org_id = ? order by name").param(t.org().value())
                .query(String.class).list();
    }

    private List<UUID> ids(String table, Tenant t) {
        return jdbc.sql("select id from " + table + " where org_id = ?").param(t.org().value()).query(UUID.class).list();
    }

    private long count(String table, String column, UUID id) {
        return jdbc.sql("select count(*) from " + table + " where " + column + " = ?").param(id).query(Long.class).single();
    }

    private double deletedMetric(String dataClass) {
        var counter = meters.find(RetentionSweeper.METRIC).tag("data_class", dataClass).counter();
        return counter == null ? 0 : counter.count();
    }


    @Test
    @Tag("claim:PIL-5")
    void finishedQueueJobsWithTheirPayloadsGoSevenDaysAfterTheyFinish() {
        Tenant t = Tenant.signUp(port);
        Instant now = clock.instant();
        java.util.UUID old = java.util.UUID.randomUUID();
        java.util.UUID young = java.util.UUID.randomUUID();
        java.util.UUID dead = java.util.UUID.randomUUID();
        java.util.UUID queued = java.util.UUID.randomUUID();
        String canary = "canary-payload-" + java.util.UUID.randomUUID();
        insertJob(t, old, "SUCCEEDED", now.minus(java.time.Duration.ofDays(7)).minusSeconds(60), canary);
        insertJob(t, young, "SUCCEEDED", now.minus(java.time.Duration.ofDays(6)), canary);
        insertJob(t, dead, "DEAD", now.minus(java.time.Duration.ofDays(8)), canary);
        insertJob(t, queued, "QUEUED", null, canary);
        sweeper.sweep();
        var left = jdbc.sql("select id from jobs_job where id in (?, ?, ?, ?)").params(old, young, dead, queued)
                .query(java.util.UUID.class).set();
        assertThat(left).containsExactlyInAnyOrder(young, queued);
        clock.advance(java.time.Duration.ofDays(2));
        sweeper.sweep();
        assertThat(jdbc.sql("select id from jobs_job where id in (?, ?)").params(young, queued).query(java.util.UUID.class).set())
                .containsExactly(queued);
    }

    private void insertJob(Tenant t, java.util.UUID id, String status, Instant finished, String payload) {
        jdbc.sql("""
                insert into jobs_job (id, org_id, queue, payload, status, max_attempts, run_at, finished_at)
                values (?, ?, 'test.retention', cast(? as jsonb), ?, 1, now() + interval '1 day', ?)""")
                .params(id, t.org().value(), "{\"c\":\"" + payload + "\"}", status,
                        finished == null ? null : java.sql.Timestamp.from(finished)).update();
    }
}
