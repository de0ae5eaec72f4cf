package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.shared.OrgId;
import dev.charter.testing.CharterTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Events appended in transactions of their own, many callers sharing a commit, still form one intact chain. */
@CharterTest
class CommittedAuditTest {

    @Autowired CommittedAuditLog committed;
    @Autowired AuditLog audit;
    @Autowired AuditChain chain;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    @Tag("claim:AUD-1")
    void concurrentCallersShareCommitsAndKeepOneGaplessChain() throws Exception {
        OrgId org = OrgId.random();
        long before = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                // half through the grouped writer, half joining transactions of their own, interleaved
                done.add(callers.submit(() -> {
                    if (n % 2 == 0) {
                        committed.record(AuditEvent.of(org, null, "test.committed", "n:" + n));
                    } else {
                        tx.executeWithoutResult(s -> audit.record(AuditEvent.of(org, null, "test.joined", "n:" + n)));
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
        var ids = jdbc.sql("select id from audit_event where id > ? order by id").param(before).query(Long.class).list();
        assertThat(jdbc.sql("select count(*) from audit_event where org_id = ?").param(org.value()).query(Long.class).single())
                .isEqualTo(400);
        assertThat(ids.get(ids.size() - 1) - ids.get(0) + 1).as("no gaps").isEqualTo(ids.size());
        assertThat(jdbc.sql("select count(distinct target) from audit_event where org_id = ?").param(org.value())
                .query(Long.class).single()).isEqualTo(400);
        assertThat(chain.verify().intact()).isTrue();
    }

    @Test
    @Tag("claim:AUD-1")
    void aCommittedEventStandsWhenTheCallersTransactionRollsBack() {
        OrgId org = OrgId.random();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            // (the other order would wait forever: the caller's own event holds the chain until it ends)
            committed.record(AuditEvent.of(org, null, "test.decided", "independent"));
            audit.record(AuditEvent.of(org, null, "test.rolled-back", "joined"));
            throw new IllegalStateException("the caller fails afterwards");
        })).hasMessageContaining("caller fails");
        assertThat(jdbc.sql("select action from audit_event where org_id = ?").param(org.value()).query(String.class).list())
                .containsExactly("test.decided");
        assertThat(chain.verify().intact()).isTrue();
    }
}
