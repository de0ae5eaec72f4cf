package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.audit.AuditVerification.Kind;
import dev.charter.audit.internal.ChainLink;
import dev.charter.audit.internal.ChainRow;
import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Tenant;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * AUD-2: the log is tamper-evident. An attacker with superuser rights switches the triggers off
 * and changes, deletes, reorders or rewrites rows behind the application's back; the verifier must
 * say so and name the row. Every test puts the rows back afterwards and checks the chain is whole
 * again, so other tests sharing this database see an intact log.
 */
@CharterTest
class AuditTamperTest {

    @Autowired AuditLog audit;
    @Autowired AuditChain chain;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;
    @LocalServerPort int port;

    AuditDb db;
    List<Long> ids;

    @BeforeEach
    void writeSomeEvents() {
        db = new AuditDb(database);
        OrgId org = OrgId.random();
        for (int i = 0; i < 6; i++) {
            audit.record(AuditEvent.of(org, UUID.randomUUID(), "test.tamper", "row-" + i).with("n", Integer.toString(i)));
        }
        ids = jdbc.sql("select id from audit_event where org_id = ? order by id").param(org.value()).query(Long.class).list();
        assertThat(chain.verify().intact()).as("the chain is whole before tampering").isTrue();
    }

    @AfterEach
    void chainIsWholeAgain() {
        AuditVerification v = chain.verify();
        assertThat(v.intact()).as("restored: " + v.problems()).isTrue();
    }

    @Test
    @Tag("claim:AUD-2")
    void aChangedRowIsNamed() {
        long k = ids.get(2);
        for (String change : new String[] {
                "target = 'row-forged'",
                "details = '{\"n\": \"99\"}'",
                "occurred_at = occurred_at - interval '1 second'",
                "org_id = '" + UUID.randomUUID() + "'",
                "actor = null",
                "action = 'test.innocent'"}) {
            Map<String, Object> saved = save(k);
            db.asAttacker(su -> su.sql("update audit_event set " + change + " where id = ?").param(k).update());
            AuditVerification v = chain.verify();
            assertThat(v.intact()).as(change).isFalse();
            assertThat(v.firstFailingRowId()).as(change).isEqualTo(k);
            assertThat(v.problems()).as(change).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Kind.CHANGED);
                assertThat(p.message()).contains("Row " + k);
            });
            restore(saved);
        }
    }

    @Test
    @Tag("claim:AUD-2")
    void aDeletedRowIsNamed() {
        long k = ids.get(3);
        Map<String, Object> saved = save(k);
        db.asAttacker(su -> su.sql("delete from audit_event where id = ?").param(k).update());
        AuditVerification v = chain.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstFailingRowId()).isEqualTo(k);
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.MISSING);
            assertThat(p.message()).contains("Row " + k + " is missing");
        });
        insert(saved);
    }

    @Test
    @Tag("claim:AUD-2")
    void reorderedRowsAreNamed() {
        long k = ids.get(1);
        long parked = 9_000_000_000_000L + k;
        Runnable swap = () -> db.asAttacker(su -> {
            su.sql("update audit_event set id = ? where id = ?").params(parked, k).update();
            su.sql("update audit_event set id = ? where id = ?").params(k, k + 1).update();
            su.sql("update audit_event set id = ? where id = ?").params(k + 1, parked).update();
        });
        swap.run();
        AuditVerification v = chain.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstFailingRowId()).isEqualTo(k);
        assertThat(v.problems().get(0).kind()).isEqualTo(Kind.OUT_OF_ORDER);
        assertThat(v.problems().get(0).message()).contains("Row " + k + " does not follow row " + (k - 1));
        assertThat(v.problems()).extracting(AuditVerification.Problem::rowId).contains(k, k + 1);
        swap.run();
    }

    @Test
    @Tag("claim:AUD-2")
    void aRewrittenChainIsCaughtByTheSignedCheckpoint() {
        chain.signCheckpoint();
        long last = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
        long k = ids.get(2);
        List<Map<String, Object>> saved = new ArrayList<>();
        for (long id = k; id <= last; id++) {
            saved.add(save(id));
        }
        // the attacker knows the algorithm: change a row, then recompute every hash after it
        db.asAttacker(su -> {
            su.sql("update audit_event set target = 'row-forged' where id = ?").param(k).update();
            byte[] prev = su.sql("select prev_hash from audit_event where id = ?").param(k).query(byte[].class).single();
            for (long id = k; id <= last; id++) {
                ChainRow r = read(su, id);
                byte[] hash = ChainLink.hashOf(id, prev, r.contentDigest());
                su.sql("update audit_event set prev_hash = ?, hash = ? where id = ?").params(prev, hash, id).update();
                prev = hash;
            }
        });
        AuditVerification v = chain.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstFailingRowId()).isEqualTo(last);
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CHECKPOINT_MISMATCH);
            assertThat(p.message()).contains("rewritten");
        });
        saved.forEach(this::restore);
    }

    @Test
    @Tag("claim:AUD-2")
    void removingTheNewestRowsIsCaughtByTheSignedCheckpoint() {
        chain.signCheckpoint();
        long last = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
        Map<String, Object> saved = save(last);
        db.asAttacker(su -> su.sql("delete from audit_event where id = ?").param(last).update());
        AuditVerification v = chain.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstFailingRowId()).isEqualTo(last);
        assertThat(v.problems().get(0).kind()).isEqualTo(Kind.TRUNCATED);
        insert(saved);
    }

    @Test
    @Tag("claim:AUD-2")
    void aForgedCheckpointIsRefused() {
        chain.signCheckpoint();
        long last = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
        String forgedSignature = "decode(repeat('ab', 64), 'hex')";
        db.asAttacker(su -> su.sql("""
                insert into audit_checkpoint (last_id, last_hash, signed_at, key_id, signature)
                select id, hash, now(), (select key_id from audit_checkpoint order by id desc limit 1), %1$s
                from audit_event where id = ?
                union all
                select id, hash, now(), 'attackers-key', %1$s from audit_event where id = ?""".formatted(forgedSignature))
                .params(last, ids.get(0)).update());
        AuditVerification v = chain.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(Kind.BAD_SIGNATURE);
            assertThat(p.rowId()).isEqualTo(last);
        });
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(Kind.UNKNOWN_KEY);
            assertThat(p.rowId()).isEqualTo(ids.get(0));
        });
        db.asAttacker(su -> su.sql("delete from audit_checkpoint where signature = " + forgedSignature).update());
    }

    @Test
    @Tag("claim:AUD-2")
    void damageInSeveralPlacesIsNamedPlaceByPlaceAndScopedForAnOrganizationsAdmin() {
        Tenant a = Tenant.signUp(port);
        OrgId other = OrgId.random();
        List<Long> mine = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mine.add(recordOne(a.org(), "mine-" + i));
            theirs.add(recordOne(other, "theirs-" + i));
        }
        long changedMine = mine.get(1);
        long deletedTheirs = theirs.get(1);
        long changedTheirs = theirs.get(2);
        long deletedMine = mine.get(3);
        List<Map<String, Object>> changed = List.of(save(changedMine), save(changedTheirs));
        List<Map<String, Object>> deleted = List.of(save(deletedTheirs), save(deletedMine));
        db.asAttacker(su -> {
            su.sql("update audit_event set target = 'forged' where id in (?, ?)").params(changedMine, changedTheirs).update();
            su.sql("delete from audit_event where id in (?, ?)").params(deletedTheirs, deletedMine).update();
        });
        try {
            AuditVerification all = chain.verify();
            assertThat(all.intact()).isFalse();
            assertThat(all.problemsFound()).isEqualTo(4);
            assertThat(all.problems()).extracting(p -> p.rowId() + " " + p.kind()).containsExactly(
                    changedMine + " CHANGED", deletedTheirs + " MISSING", changedTheirs + " CHANGED", deletedMine + " MISSING");

            AuditVerification scoped = chain.verifyFor(a.org());
            assertThat(scoped.problemsFound()).isEqualTo(4);
            assertThat(scoped.problemsElsewhere()).isEqualTo(1);
            assertThat(scoped.problems()).extracting(p -> p.rowId() + " " + p.kind()).containsExactly(
                    changedMine + " CHANGED", deletedTheirs + " MISSING", deletedMine + " MISSING");

            JsonNode api = a.api().get("/api/v1/audit/verify").json();
            assertThat(api.get("intact").asBoolean()).isFalse();
            assertThat(api.get("problemsFound").asInt()).isEqualTo(4);
            assertThat(api.get("problemsElsewhere").asInt()).isEqualTo(1);
            assertThat(api.get("problems")).hasSize(3);
            assertThat(api.toString()).doesNotContain(other.value().toString()).doesNotContain("theirs-");

            String page = a.browser().form("/audit/verify", "/audit/verify", Map.of()).body();
            assertThat(page).contains("Row " + changedMine + " was changed")
                    .contains("Row " + deletedTheirs + " is missing")
                    .contains("Row " + deletedMine + " is missing")
                    .doesNotContain("Row " + changedTheirs + " was changed")
                    .contains("1 of them concern rows of other organizations");
        } finally {
            changed.forEach(this::restore);
            deleted.forEach(this::insert);
        }
    }

    private long recordOne(OrgId org, String target) {
        audit.record(AuditEvent.of(org, UUID.randomUUID(), "test.tamper", target));
        return jdbc.sql("select max(id) from audit_event where org_id = ? and target = ?").params(org.value(), target)
                .query(Long.class).single();
    }

    private Map<String, Object> save(long id) {
        return db.ownerClient().sql("select * from audit_event where id = ?").param(id).query().singleRow();
    }

    private void restore(Map<String, Object> row) {
        db.asAttacker(su -> su.sql("""
                update audit_event set prev_hash = :prev_hash, hash = :hash, occurred_at = :occurred_at, org_id = :org_id,
                actor = :actor, subject = :subject, action = :action, target = :target, details = cast(:details as jsonb)
                where id = :id""").params(withText(row)).update());
    }

    private void insert(Map<String, Object> row) {
        db.asAttacker(su -> su.sql("""
                insert into audit_event (id, prev_hash, hash, occurred_at, org_id, actor, subject, action, target, details)
                values (:id, :prev_hash, :hash, :occurred_at, :org_id, :actor, :subject, :action, :target, cast(:details as jsonb))""")
                .params(withText(row)).update());
    }

    private static Map<String, Object> withText(Map<String, Object> row) {
        var copy = new java.util.HashMap<>(row);
        copy.put("details", String.valueOf(row.get("details")));
        return copy;
    }

    private static ChainRow read(JdbcClient su, long id) {
        return su.sql("select id, prev_hash, hash, occurred_at, org_id, actor, subject, action, target, details::text from audit_event where id = ?")
                .param(id).query((rs, i) -> new ChainRow(rs.getLong(1), rs.getBytes(2), rs.getBytes(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getObject(5, UUID.class),
                        rs.getBytes(6), rs.getBytes(7), rs.getString(8), rs.getString(9),
                        JsonMapper.builder().build().readValue(rs.getString(10), new TypeReference<Map<String, String>>() {})))
                .single();
    }
}
