package dev.charter.reviews.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Owner;
import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * REV-7: an admin deletes one call; its analysis and every signal derived from it go at once, with an audit record and
 * an erasure-journal entry; nothing is sent to the provider; another organization's call is not found.
 */
class CallDeletionTest extends CallsTestBase {

    @Test
    @Tag("claim:REV-7")
    void deletingACallRemovesItsAnalysisAndSignalsAtOnceAndWritesNothingToTheProvider() {
        Tenant t = connectedTenant();
        enable(t);
        String marker = "Deletionmarker" + UUID.randomUUID().toString().replace("-", "");
        String uuid = "del-" + UUID.randomUUID();
        String file = "tr-" + UUID.randomUUID();
        fakes.zoomParticipants.put(uuid, List.of(new CallFakes.Person("Host Person", t.email()),
                new CallFakes.Person("Cliente Buyer", "buyer@customer.example")));
        // the marker is said in a commitment twice: it becomes a topic and a next step, i.e. analysis and signals
        fakes.zoomFiles.put(file, ZoomCallsTest.vtt("Host Person", "I will ship " + marker + " next week. We will test "
                + marker + " by Friday."));
        zoomWebhook(t, transcriptCompleted(uuid, t.email(), file), ZOOM_WEBHOOK_SECRET, Instant.now());
        String call = callId(t, "ZOOM", 1);
        assertThat(settled(t, call).get("status").asString()).isEqualTo("ANALYSED");
        DatabaseScan scan = new DatabaseScan(database);
        assertThat(scan.find(marker)).anyMatch(w -> w.startsWith("reviews_calls_signal"))
                .anyMatch(w -> w.startsWith("reviews_calls_call"));

        Tenant other = Tenant.signUp(port);
        assertThat(other.api().delete("/api/v1/reviews/calls/" + call).status()).isEqualTo(404);
        int before = fakes.seen.size();
        var deleted = t.api().delete("/api/v1/reviews/calls/" + call);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(fakes.seen.size()).as("nothing was sent to the provider").isEqualTo(before);
        assertThat(t.api().get("/api/v1/reviews/calls/" + call).status()).isEqualTo(404);
        assertThat(scan.find(marker)).as("analysis and signals").isEmpty();
        var owner = Owner.jdbc(database);
        assertThat(owner.sql("select count(*) from reviews_calls_signal where org_id = ?").param(t.org().value())
                .query(Integer.class).single()).isZero();
        assertThat(owner.sql("""
                select details ->> 'signals' from audit_event where org_id = ? and action = 'reviews.calls.call.deleted'
                  and target = ?""").params(t.org().value(), "call:" + call).query(String.class).list())
                .singleElement().satisfies(n -> assertThat(Integer.parseInt(n)).isPositive());
        assertThat(owner.sql("select count(*) from operations_erasure_journal where kind = 'OBJECT' and erased_at > now() - interval '1 hour'")
                .query(Integer.class).single()).isPositive();
        assertThat(t.api().delete("/api/v1/reviews/calls/" + call).status()).isEqualTo(404);
    }

    @Test
    @Tag("claim:REV-7")
    void aRestoreFromBeforeTheDeletionLosesTheCallAgain() throws Exception {
        Tenant t = connectedTenant();
        enable(t);
        String uuid = "restore-" + UUID.randomUUID();
        String file = "tr-" + UUID.randomUUID();
        fakes.zoomParticipants.put(uuid, List.of(new CallFakes.Person("Host Person", t.email()),
                new CallFakes.Person("Cliente Buyer", "buyer@customer.example")));
        fakes.zoomFiles.put(file, ZoomCallsTest.vtt("Host Person", "Fine."));
        zoomWebhook(t, transcriptCompleted(uuid, t.email(), file), ZOOM_WEBHOOK_SECRET, Instant.now());
        String call = callId(t, "ZOOM", 1);
        assertThat(settled(t, call).get("status").asString()).isEqualTo("ANALYSED");
        var owner = Owner.jdbc(database);
        // what a backup taken now holds
        String saved = "saved_call_" + UUID.randomUUID().toString().replace("-", "");
        owner.sql("create table " + saved + " as select * from reviews_calls_call where org_id = ?")
                .param(t.org().value()).update();
        assertThat(t.api().delete("/api/v1/reviews/calls/" + call).status()).isEqualTo(204);
        // the restore brings the row back; the journal's replay (run at every start and after a restore) erases it again
        owner.sql("insert into reviews_calls_call select * from " + saved).update();
        owner.sql("drop table " + saved).update();
        assertThat(t.api().get("/api/v1/reviews/calls/" + call).status()).isEqualTo(200);
        Object journal = context.getBean(Class.forName("dev.charter.operations.internal.ErasureJournal"));
        var replay = journal.getClass().getDeclaredMethod("replay");
        replay.setAccessible(true);
        replay.invoke(journal);
        assertThat(t.api().get("/api/v1/reviews/calls/" + call).status()).isEqualTo(404);
    }
}
