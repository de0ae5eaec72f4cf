package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * AUD-1: the audit log is append-only. The application's own connection may insert and read
 * but not update, delete or truncate; the owner is stopped by triggers; nobody but the cleanup
 * role can run the purge.
 */
@CharterTest
class AuditAppendOnlyTest {

    static final String DENIED = "42501";

    @Autowired AuditLog audit;
    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;
    @Autowired AuditChain chain;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    @Tag("claim:AUD-1")
    void applicationRoleCannotUpdateDeleteOrTruncate() throws SQLException {
        String canary = "canary-" + UUID.randomUUID();
        audit.record(AuditEvent.of(OrgId.random(), UUID.randomUUID(), "test.append-only", canary));
        long id = idOf(canary);
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo(database.appUser());

        for (String sql : new String[] {
                "update audit_event set action = 'test.rewritten' where id = " + id,
                "update audit_event set occurred_at = occurred_at - interval '20 months' where id = " + id,
                "delete from audit_event where id = " + id,
                "delete from audit_event",
                "truncate audit_event",
                "update audit_checkpoint set last_id = 0",
                "delete from audit_checkpoint",
                "truncate audit_checkpoint",
                "insert into audit_purge (purged_through, last_hash, rows_deleted, cutoff) values (1, decode(repeat('00', 32), 'hex'), 1, now())",
                "delete from audit_purge",
                "delete from audit_retention",
                "select audit_purge(now(), 100000)"}) {
            SQLException e = AuditDb.refused(dataSource, sql);
            assertThat(e.getSQLState()).as(sql).isEqualTo(DENIED);
            assertThat(e.getMessage()).as(sql).contains("permission denied");
        }
        assertThat(jdbc.sql("select action from audit_event where id = ?").param(id).query(String.class).single())
                .isEqualTo("test.append-only");
    }

    @Test
    @Tag("claim:AUD-1")
    void evenTheOwnerCannotRewriteTheLog() throws SQLException {
        String canary = "canary-" + UUID.randomUUID();
        audit.record(AuditEvent.of(OrgId.random(), UUID.randomUUID(), "test.append-only", canary));
        long id = idOf(canary);
        AuditDb db = new AuditDb(database);
        try (Connection owner = db.owner()) {
            assertThat(AuditDb.refused(owner, "update audit_event set action = 'test.rewritten' where id = " + id).getMessage())
                    .contains("append-only");
            assertThat(AuditDb.refused(owner, "update audit_event set occurred_at = occurred_at - interval '20 months' where id = " + id)
                    .getMessage()).contains("append-only");
            assertThat(AuditDb.refused(owner, "truncate audit_event").getMessage()).contains("append-only");
            assertThat(AuditDb.refused(owner, "delete from audit_event where id = " + id).getMessage())
                    .contains("inside the retention window");
            assertThat(AuditDb.refused(owner, "delete from audit_event").getMessage()).contains("inside the retention window");
            assertThat(AuditDb.refused(owner, "truncate audit_checkpoint").getMessage()).contains("append-only");
            assertThat(AuditDb.refused(owner, "truncate audit_purge").getMessage()).contains("append-only");
        }
        assertThat(jdbc.sql("select target from audit_event where id = ?").param(id).query(String.class).single())
                .isEqualTo(canary);
    }

    @Test
    @Tag("claim:AUD-1")
    void appendingKeepsOneGaplessChain() {
        OrgId org = OrgId.random();
        long before = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        for (int i = 0; i < 5; i++) {
            audit.record(AuditEvent.of(org, null, "test.append", "n:" + i));
        }
        var ids = jdbc.sql("select id from audit_event where org_id = ? order by id").param(org.value()).query(Long.class).list();
        assertThat(ids).containsExactly(before + 1, before + 2, before + 3, before + 4, before + 5);
        // each row names the previous row's hash
        long broken = jdbc.sql("""
                select count(*) from audit_event e join audit_event p on p.id = e.id - 1
                where e.id > ? and e.prev_hash <> p.hash""").param(before).query(Long.class).single();
        assertThat(broken).isZero();
    }

    @Test
    @Tag("claim:AUD-2")
    void concurrentWritersAndRollbacksKeepOneUnbrokenChain() throws Exception {
        OrgId org = OrgId.random();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        audit.record(AuditEvent.of(org, UUID.randomUUID(), "test.concurrent", "w" + writer + ":" + i));
                    }
                }));
            }
            // an event whose transaction rolls back leaves nothing behind, not even a gap
            done.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    tx.executeWithoutResult(status -> {
                        audit.record(AuditEvent.of(org, null, "test.rolled-back", "never"));
                        status.setRollbackOnly();
                    });
                }
            }));
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ?").param(org.value()).query(Long.class).single())
                .isEqualTo(100);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'test.rolled-back'").query(Long.class).single()).isZero();
        AuditVerification v = chain.verify();
        assertThat(v.intact()).as(v.problems().toString()).isTrue();
        assertThat(v.rowsChecked()).isEqualTo(v.lastId() - v.firstId() + 1);
    }

    private long idOf(String target) {
        return jdbc.sql("select id from audit_event where target = ?").param(target).query(Long.class).single();
    }
}
