package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.shared.OrgId;
import dev.charter.storage.CleanupDatabase;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * AUD-3: retention cannot be set below 13 months and the purge never deletes younger rows, even
 * when asked to. AUD-4: the cleanup role can run the purge and do nothing else. Events are written
 * in the past by moving the application's clock, so their hashes are genuine and the chain must
 * still verify after the purge. This class has its own application context, so its database
 * starts empty.
 */
@CharterTest
// the privacy sweeper would add its own audit events while this test counts rows
@org.springframework.test.context.TestPropertySource(properties = "charter.privacy.sweep-enabled=false")
class AuditRetentionTest {

    static final MovableClock CLOCK = new MovableClock();

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    static Clock movableClock() {
        return CLOCK;
    }

    @Autowired AuditLog audit;
    @Autowired AuditChain chain;
    @Autowired AuditRetention retention;
    @Autowired CleanupDatabase cleanup;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    @Test
    @Tag("claim:AUD-3")
    void theDatabaseRefusesARetentionUnder13Months() throws SQLException {
        assertThat(retention.months()).isEqualTo(13);
        for (String sql : new String[] {
                "update audit_retention set months = 12",
                "update audit_retention set months = 0",
                "update audit_retention set months = -13"}) {
            assertThat(AuditDb.refused(dataSource, sql).getSQLState()).as("application: " + sql).isEqualTo("23514");
            try (Connection owner = new AuditDb(database).owner()) {
                assertThat(AuditDb.refused(owner, sql).getSQLState()).as("owner: " + sql).isEqualTo("23514");
                assertThat(AuditDb.refused(owner, "insert into audit_retention (id, months) values (false, 12)").getSQLState())
                        .isEqualTo("23514");
            }
        }
        assertThat(retention.months()).isEqualTo(13);
        // a longer window is allowed, and the purge keeps honouring at least 13 months afterwards
        jdbc.sql("update audit_retention set months = 24").update();
        assertThat(retention.months()).isEqualTo(24);
        jdbc.sql("update audit_retention set months = 13").update();
    }

    @Test
    @Tag("claim:AUD-3")
    @Tag("claim:AUD-4")
    void purgeDeletesOnlyRowsPastTheFloorWhateverItIsAskedAndTheChainStillVerifies() {
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single())
                .as("this context's database starts with an empty log").isZero();
        OrgId org = OrgId.random();
        ZonedDateTime now = ZonedDateTime.now(java.time.ZoneOffset.UTC);
        record("old-15", now.minusMonths(15), org);
        record("old-14", now.minusMonths(14), org);
        record("old-13", now.minusMonths(13).minusDays(2), org);
        record("young-13", now.minusMonths(13).plusDays(2), org);
        record("young-12", now.minusMonths(12), org);
        record("young-6", now.minusMonths(6), org);
        record("old-again", now.minusMonths(20), org); // an old row after a young one stays: the chain is cut only at its head
        record("fresh", now, org);
        chain.signCheckpoint();

        // asked for everything, as the cleanup role, the database still keeps the last 13 months
        JdbcClient asCleanup = JdbcClient.create(cleanup.dataSource());
        assertThat(asCleanup.sql("select current_user").query(String.class).single()).isEqualTo(database.cleanupUser());
        long deleted = asCleanup.sql("select audit_purge(now() + interval '100 years', 100000)").query(Long.class).single();
        assertThat(deleted).isEqualTo(3);
        assertThat(targets()).containsExactly("young-13", "young-12", "young-6", "old-again", "fresh");
        assertThat(retention.purgeExpired()).isZero();

        // with a longer policy the floor moves back: nothing more goes
        jdbc.sql("update audit_retention set months = 24").update();
        assertThat(asCleanup.sql("select audit_purge(now() + interval '100 years', 100000)").query(Long.class).single()).isZero();
        jdbc.sql("update audit_retention set months = 13").update();

        // the owner cannot delete a young row either
        assertThat(catchMessage("delete from audit_event where target = 'young-13'")).contains("inside the retention window");

        AuditVerification v = chain.verify();
        assertThat(v.intact()).as(v.problems().toString()).isTrue();
        assertThat(v.firstId()).isEqualTo(4);
        assertThat(v.checkpointsChecked()).isEqualTo(1);
        assertThat(jdbc.sql("select purged_through from audit_purge").query(Long.class).list()).containsExactly(3L);

        // appending after the purge continues the chain
        audit.record(AuditEvent.of(org, null, "test.retention", "after"));
        AuditVerification after = chain.verify();
        assertThat(after.intact()).as(after.problems().toString()).isTrue();
        assertThat(after.lastId()).isEqualTo(9);
    }

    @Test
    @Tag("claim:AUD-4")
    void cleanupRoleCanOnlyRunThePurge() throws SQLException {
        DataSource ds = cleanup.dataSource();
        for (String sql : new String[] {
                "select * from audit_event",
                "select count(*) from audit_event",
                "insert into audit_event (id, prev_hash, hash, occurred_at, action) values (999999, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), now(), 'x')",
                "update audit_event set action = 'x'",
                "delete from audit_event",
                "truncate audit_event",
                "select * from audit_checkpoint",
                "insert into audit_checkpoint (last_id, last_hash, signed_at, key_id, signature) values (1, decode(repeat('00', 32), 'hex'), now(), 'k', decode(repeat('00', 64), 'hex'))",
                "select * from audit_retention",
                "update audit_retention set months = 100",
                "select * from audit_purge",
                "select * from identity_user",
                "select * from identity_organization"}) {
            SQLException e = AuditDb.refused(ds, sql);
            assertThat(e.getSQLState()).as(sql).isEqualTo("42501");
        }
        JdbcClient asCleanup = JdbcClient.create(ds);
        assertThat(asCleanup.sql("select audit_purge()").query(Long.class).single()).isNotNegative();
        assertThat(asCleanup.sql("""
                select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = current_user""")
                .query(Boolean.class).single()).isFalse();
    }

    private void record(String target, ZonedDateTime at, OrgId org) {
        CLOCK.shift(Duration.between(java.time.Instant.now(), at.toInstant()));
        audit.record(AuditEvent.of(org, UUID.randomUUID(), "test.retention", target));
        CLOCK.reset();
    }

    private java.util.List<String> targets() {
        return jdbc.sql("select target from audit_event order by id").query(String.class).list();
    }

    private String catchMessage(String sql) {
        try (Connection owner = new AuditDb(database).owner()) {
            return AuditDb.refused(owner, sql).getMessage();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
