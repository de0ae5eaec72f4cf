package dev.charter.pilots.internal;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deliveries committed in groups: each 202 still stands for its own committed run and queue job (PIL-3). */
@dev.charter.testing.CharterTest
class DeliveryWriterTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DeliveryWriter writer;
    @Autowired MeterRegistry meters;

    @Test
    @Tag("claim:PIL-3")
    void concurrentDeliveriesEachGetTheirOwnCommittedRunAndJob() throws Exception {
        Tenant t = Tenant.signUp(port);
        String path = create(t.api(), threeSteps("Busy")).get("deliveryPath").asString();
        double before = committed();

        ExecutorService senders = Executors.newFixedThreadPool(24);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                int n = i;
                answers.add(senders.submit(() -> {
                    var r = new Http(port).postJson(path, Map.of("customer", "c" + n, "items", List.of(Map.of("price", n))));
                    assertThat(r.status()).as(r.body()).isEqualTo(202);
                    return r.json().get("run").asString();
                }));
            }
            Set<String> runs = new java.util.HashSet<>();
            for (var a : answers) {
                runs.add(a.get());
            }
            assertThat(runs).hasSize(240);
            // every acknowledged run has its own committed queue job (run rows beyond the newest 100 are trimmed
            // once they finish, PIL-4; the finished jobs stay for 7 days)
            long jobs = jdbc.sql("select count(distinct payload->>'run') from jobs_job where queue = 'pilots.run'"
                            + " and payload->>'run' = any(cast(? as text[]))")
                    .param(runs.toArray(String[]::new)).query(Long.class).single();
            assertThat(jobs).isEqualTo(240);
            assertThat(committed() - before).isEqualTo(240);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    @Tag("claim:PIL-3")
    void aDeliveryWhosePilotIsGoneFailsAloneAndLeavesNothing() throws Exception {
        Tenant t = Tenant.signUp(port);
        String path = create(t.api(), threeSteps("Kept")).get("deliveryPath").asString();
        UUID pilot = UUID.fromString(path.split("/")[2]);
        var row = jdbc.sql("select org_id, owner_id from pilots_pilot where id = ?").param(pilot)
                .query((rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).single();
        OrgId org = new OrgId(row[0]);
        UserId owner = new UserId(row[1]);
        UUID gone = UUID.randomUUID();

        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<UUID>> good = new ArrayList<>();
            List<Future<UUID>> bad = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Callable<UUID> ok = () -> writer.commit(org, pilot, owner, "WEBHOOK", "{\"ok\":true}");
                Callable<UUID> broken = () -> writer.commit(org, gone, owner, "WEBHOOK", "{\"canary\":\"gone-pilot\"}");
                good.add(senders.submit(ok));
                if (i % 8 == 0) {
                    bad.add(senders.submit(broken));
                }
            }
            for (var f : good) {
                assertThat(f.get()).isNotNull();
            }
            for (var f : bad) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(NotFoundException.class);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from pilots_run where pilot_id = ?").param(pilot).query(Long.class).single())
                .isEqualTo(64);
        assertThat(jdbc.sql("select count(*) from pilots_run where payload::text like '%gone-pilot%'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from jobs_job where org_id = ? and payload::text like '%gone-pilot%'")
                .param(org.value()).query(Long.class).single()).isZero();
    }

    @Test
    @Tag("claim:PIL-3")
    void aDeliveryNoWriterCanTakeIsRefusedWith503AndLeavesNothing() {
        Tenant t = Tenant.signUp(port);
        String path = create(t.api(), threeSteps("Stopping")).get("deliveryPath").asString();
        UUID pilot = UUID.fromString(path.split("/")[2]);
        writer.stop(); // as while Charter shuts down
        try {
            var r = new Http(port).postJson(path, Map.of("customer", "canary-503"));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.json().get("detail").asString()).contains("retry");
        } finally {
            writer.start();
        }
        assertThat(jdbc.sql("select count(*) from pilots_run where pilot_id = ?").param(pilot).query(Long.class).single())
                .isZero();
        assertThat(new Http(port).postJson(path, Map.of("customer", "after")).status()).isEqualTo(202);
    }

    private double committed() {
        var summary = meters.find("charter.pilots.deliveries.committed").summary();
        return summary == null ? 0 : summary.totalAmount();
    }
}
