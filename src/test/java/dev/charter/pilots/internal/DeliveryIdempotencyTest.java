package dev.charter.pilots.internal;

import static dev.charter.pilots.PilotFixtures.create;
import static dev.charter.pilots.PilotFixtures.threeSteps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.jobs.JobQueue;
import dev.charter.shared.OrgId;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A sender's retry of a delivery with the same idempotency key answers as the first delivery did and starts no
 * second run: in sequence, racing on one node, and racing through two writers that share nothing but the database,
 * as two nodes would.
 */
@CharterTest
class DeliveryIdempotencyTest {

    private static final String BODY = "{\"customer\":\"Ada\",\"items\":[{\"price\":20}]}";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:PIL-3")
    void aRetryWithTheSameKeyAnswersAsTheFirstDidAndStartsOneRun() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Retried"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        String key = UUID.randomUUID().toString();

        var first = deliver(path, "Idempotency-Key", key, BODY);
        var again = deliver(path, "Idempotency-Key", key, BODY);
        var quoted = deliver(path, "Idempotency-Key", "\"" + key + "\"", BODY); // the draft's structured-field form
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        for (var r : List.of(again, quoted)) {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.json()).isEqualTo(first.json());
            assertThat(r.header("Idempotent-Replayed")).isEqualTo("true");
        }
        String run = first.json().get("run").asString();
        assertThat(runsOf(pilotId)).containsExactly(UUID.fromString(run));
        assertThat(jobsFor(run)).isEqualTo(1);

        // a provider's delivery id works the same way; a delivery without a key is never deduplicated
        String delivery = UUID.randomUUID().toString();
        var github = deliver(path, "X-GitHub-Delivery", delivery, BODY);
        var redelivered = deliver(path, "X-GitHub-Delivery", delivery, BODY);
        assertThat(redelivered.json().get("run")).isEqualTo(github.json().get("run"));
        assertThat(github.json().get("run")).isNotEqualTo(first.json().get("run"));
        var plain1 = deliver(path, null, null, BODY);
        var plain2 = deliver(path, null, null, BODY);
        assertThat(plain1.json().get("run")).isNotEqualTo(plain2.json().get("run"));
        assertThat(runsOf(pilotId)).hasSize(4);

        // the key is kept as a hash, for the documented window
        assertThat(new dev.charter.testing.DatabaseScan(target).find(key)).isEmpty();
        var window = jdbc.sql("select extract(epoch from expires_at - created_at) from pilots_delivery_key where pilot_id = ?")
                .param(pilotId).query(Double.class).list();
        assertThat(window).hasSize(2).allSatisfy(s -> assertThat(s).isEqualTo(24 * 3600.0));
    }

    @Autowired dev.charter.storage.DatabaseTarget target;

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndStoresNothing() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Reused"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        String key = UUID.randomUUID().toString();
        assertThat(deliver(path, "Idempotency-Key", key, BODY).status()).isEqualTo(202);
        var other = deliver(path, "Idempotency-Key", key, BODY.replace("Ada", "Bo"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("detail").asString()).contains("different body");
        assertThat(runsOf(pilotId)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from pilots_run where payload::text like '%Bo%' and pilot_id = ?").param(pilotId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void keysThatAreEmptyOrTooLongAreRefusedNamingTheHeader() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Keyed"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        var tooLong = deliver(path, "Idempotency-Key", "k".repeat(256), BODY);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get("Idempotency-Key").asString()).contains("256 characters").contains("255");
        var empty = deliver(path, "X-GitHub-Delivery", "\"\"", BODY);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").has("X-GitHub-Delivery")).isTrue();
        assertThat(deliver(path, "Idempotency-Key", "k".repeat(255), BODY).status()).isEqualTo(202);
        assertThat(runsOf(pilotId)).hasSize(1);

        // the secret is still checked first: a bad key on a wrong URL answers like any wrong URL
        var wrong = deliver("/hooks/" + pilotId + "/nope", "Idempotency-Key", "k".repeat(300), BODY);
        assertThat(wrong.status()).isEqualTo(404);
    }

    @Test
    void theSameKeyOnAnotherPilotOrInAnotherOrganizationIsIndependent() {
        Tenant a = Tenant.signUp(port);
        Tenant b = Tenant.signUp(port);
        String a1 = create(a.api(), threeSteps("A one")).get("deliveryPath").asString();
        String a2 = create(a.api(), threeSteps("A two")).get("deliveryPath").asString();
        String b1 = create(b.api(), threeSteps("B one")).get("deliveryPath").asString();
        String key = "order-1042";
        Set<String> runs = new HashSet<>();
        for (String path : List.of(a1, a2, b1)) {
            var r = deliver(path, "Idempotency-Key", key, BODY);
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.header("Idempotent-Replayed")).isNull();
            runs.add(r.json().get("run").asString());
        }
        assertThat(runs).hasSize(3);
        // and each still deduplicates on its own; org B's run stays B's
        var bAgain = deliver(b1, "Idempotency-Key", key, BODY);
        assertThat(bAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(jdbc.sql("select org_id from pilots_run where id = ?").param(UUID.fromString(bAgain.json().get("run").asString()))
                .query(UUID.class).single()).isEqualTo(b.org().value());
    }

    @Test
    void anExpiredKeyLetsANewDeliveryThrough() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Expiring"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        String key = UUID.randomUUID().toString();
        String first = deliver(path, "Idempotency-Key", key, BODY).json().get("run").asString();
        jdbc.sql("update pilots_delivery_key set created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour'"
                + " where pilot_id = ?").param(pilotId).update();

        var later = deliver(path, "Idempotency-Key", key, BODY.replace("Ada", "Cy")); // a new delivery may have a new body
        assertThat(later.status()).isEqualTo(202);
        assertThat(later.header("Idempotent-Replayed")).isNull();
        String second = later.json().get("run").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(runsOf(pilotId)).hasSize(2);
        assertThat(jdbc.sql("select run_id from pilots_delivery_key where pilot_id = ?").param(pilotId).query(UUID.class).single())
                .isEqualTo(UUID.fromString(second));
        assertThat(deliver(path, "Idempotency-Key", key, BODY.replace("Ada", "Cy")).json().get("run").asString()).isEqualTo(second);
    }

    @Test
    @Tag("claim:PIL-3")
    void racingDuplicatesStoreOneRunAndAllAnswerWithIt() throws Exception {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Raced"));
        String path = pilot.get("deliveryPath").asString();
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        int senders = 16;
        for (int round = 0; round < 5; round++) {
            String key = UUID.randomUUID().toString();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            try {
                List<Future<Http.Response>> answers = new ArrayList<>();
                for (int i = 0; i < senders; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return deliver(path, "Idempotency-Key", key, BODY);
                    }));
                }
                go.countDown();
                Set<String> runs = new HashSet<>();
                int replayed = 0;
                for (var a : answers) {
                    var r = a.get(30, TimeUnit.SECONDS);
                    assertThat(r.status()).as(r.body()).isEqualTo(202);
                    runs.add(r.json().get("run").asString());
                    replayed += "true".equals(r.header("Idempotent-Replayed")) ? 1 : 0;
                }
                assertThat(runs).hasSize(1);
                assertThat(replayed).isEqualTo(senders - 1);
                assertThat(jobsFor(runs.iterator().next())).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(runsOf(pilotId)).hasSize(5);
    }

    @Autowired RunRepository runRepository;
    @Autowired DeliveryKeyRepository keyRepository;
    @Autowired JobQueue queue;
    @Autowired PlatformTransactionManager transactions;
    @Autowired PilotsSettings settings;
    @Autowired Clock clock;
    @Autowired MeterRegistry meters;
    @Autowired DeliveryWriter writer;

    /** Two writers with nothing in common but the database, as on two nodes: the table's unique key decides. */
    @Test
    @Tag("claim:PIL-3")
    void twoNodesRacingTheSameKeyStoreOneRun() throws Exception {
        Tenant t = Tenant.signUp(port);
        UUID pilotId = UUID.fromString(create(t.api(), threeSteps("Two nodes")).get("id").asString());
        var otherNode = new DeliveryWriter(runRepository, keyRepository, queue, transactions, settings, clock, meters);
        otherNode.start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String hash = IdempotencyKeys.hash("node-race-" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<DeliveryWriter.Accepted>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    DeliveryWriter node = i % 2 == 0 ? writer : otherNode;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return node.commit(t.org(), pilotId, t.user(), "WEBHOOK", BODY, hash);
                    }));
                }
                go.countDown();
                Set<UUID> runs = new HashSet<>();
                for (var a : answers) {
                    runs.add(a.get(30, TimeUnit.SECONDS).run());
                }
                assertThat(runs).hasSize(1);
                assertThat(jobsFor(runs.iterator().next().toString())).isEqualTo(1);
            }
            assertThat(runsOf(pilotId)).hasSize(10);
        } finally {
            pool.shutdownNow();
            otherNode.stop();
        }
    }

    /** A keyed delivery that cannot be stored fails alone and leaves no key behind; the rest of its group stores. */
    @Test
    void aKeyedDeliveryThatCannotBeStoredLeavesNoKeyAndFailsAlone() throws Exception {
        Tenant t = Tenant.signUp(port);
        UUID pilotId = UUID.fromString(create(t.api(), threeSteps("Mixed group")).get("id").asString());
        UUID gone = UUID.randomUUID(); // a Pilot deleted a moment ago: its foreign keys no longer hold
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DeliveryWriter.Accepted>> good = new ArrayList<>();
            List<Future<DeliveryWriter.Accepted>> bad = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String hash = IdempotencyKeys.hash("mixed-" + i);
                boolean broken = i % 2 == 1;
                (broken ? bad : good).add(pool.submit(() -> {
                    go.await();
                    return writer.commit(t.org(), broken ? gone : pilotId, t.user(), "WEBHOOK", BODY, hash);
                }));
            }
            go.countDown();
            Set<UUID> runs = new HashSet<>();
            for (var f : good) {
                runs.add(f.get(30, TimeUnit.SECONDS).run());
            }
            for (var f : bad) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> f.get(30, TimeUnit.SECONDS)))
                        .hasCauseInstanceOf(dev.charter.shared.NotFoundException.class);
            }
            assertThat(runs).hasSize(12);
            assertThat(runsOf(pilotId)).containsExactlyInAnyOrderElementsOf(runs);
            assertThat(jdbc.sql("select count(*) from pilots_delivery_key where pilot_id = ?").param(gone).query(Long.class)
                    .single()).isZero();
            assertThat(jdbc.sql("select count(*) from pilots_delivery_key where pilot_id = ?").param(pilotId).query(Long.class)
                    .single()).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingTheAccountTakesItsKeysAlong() {
        Tenant t = Tenant.signUp(port);
        var pilot = create(t.api(), threeSteps("Gone"));
        UUID pilotId = UUID.fromString(pilot.get("id").asString());
        deliver(pilot.get("deliveryPath").asString(), "Idempotency-Key", "to-be-erased", BODY);
        assertThat(keysOf(t.org())).isEqualTo(1);
        var deleted = t.api().json("DELETE", "/api/v1/account", Map.of("confirmation", t.email()));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(keysOf(t.org())).isZero();
        assertThat(jdbc.sql("select count(*) from pilots_delivery_key where pilot_id = ?").param(pilotId).query(Long.class).single())
                .isZero();
    }

    private Http.Response deliver(String path, String header, String key, String body) {
        Http h = new Http(port);
        var request = HttpRequest.newBuilder(URI.create(h.base() + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, key);
        }
        return h.send(request);
    }

    private List<UUID> runsOf(UUID pilot) {
        return jdbc.sql("select id from pilots_run where pilot_id = ?").param(pilot).query(UUID.class).list();
    }

    private long jobsFor(String run) {
        return jdbc.sql("select count(*) from jobs_job where queue = 'pilots.run' and payload->>'run' = ?").param(run)
                .query(Long.class).single();
    }

    private long keysOf(OrgId org) {
        return jdbc.sql("select count(*) from pilots_delivery_key where org_id = ?").param(org.value()).query(Long.class).single();
    }

}
