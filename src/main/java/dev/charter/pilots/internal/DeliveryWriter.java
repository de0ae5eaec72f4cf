package dev.charter.pilots.internal;

import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.storage.GroupWriter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits accepted deliveries in groups (PIL-3 at volume). Request threads hand their delivery to
 * {@link #commit} and wait; a few writer threads each take whatever has queued up (up to
 * {@link PilotsSettings#deliveryBatch()}), insert the runs and their queue jobs with one statement each in one
 * transaction, and release every waiting request once that transaction has committed. So a 202 still means
 * "committed to the database", but a hundred deliveries share one round trip, one WAL flush and one set of
 * foreign-key locks on their parent rows instead of each paying for its own (and queueing behind each
 * other's row locks).
 *
 * <p>If a group fails (a Pilot deleted a moment ago breaks its foreign key), each delivery of the group is
 * retried on its own, so one bad delivery never fails the others. A delivery still waiting for a writer when
 * its sender has waited {@link #WAIT} is taken back out and refused with 503: nothing of it was stored.
 *
 * <p>A delivery with an idempotency key claims the key in the same transaction as its run
 * ({@link DeliveryKeyRepository}). A key already held by a live row, or by an earlier delivery of the same
 * group, stores nothing and answers with the run that holds it; the database's unique key settles a race
 * between groups and between nodes.
 */
@Component
class DeliveryWriter implements SmartLifecycle {

    /** How long a request waits for a writer to pick its delivery up before it is refused with 503. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** What a stored delivery answers: its run, or the run of the earlier delivery with the same key. */
    record Accepted(UUID run, boolean replayed) {}

    /** A delivery ready to be stored; {@code key} and {@code payloadHash} are hex SHA-256, key null when none. */
    private static final class Delivery {
        final RunRepository.NewRun run;
        final UserId owner;
        final DeliveryKeyRepository.KeyId key;
        final String payloadHash;
        /** Set by the writer's transaction, read by the sender once it has committed; null: a key reused for another body. */
        volatile Accepted outcome;

        Delivery(RunRepository.NewRun run, UserId owner, DeliveryKeyRepository.KeyId key, String payloadHash) {
            this.run = run;
            this.owner = owner;
            this.key = key;
            this.payloadHash = payloadHash;
        }
    }

    private final RunRepository runs;
    private final DeliveryKeyRepository keys;
    private final JobQueue queue;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration window;
    private final GroupWriter<Delivery> writer;

    DeliveryWriter(RunRepository runs, DeliveryKeyRepository keys, JobQueue queue, PlatformTransactionManager transactions,
                   PilotsSettings settings, Clock clock, MeterRegistry meters) {
        this.runs = runs;
        this.keys = keys;
        this.queue = queue;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.window = settings.idempotencyWindow();
        DistributionSummary groups = DistributionSummary.builder("charter.pilots.deliveries.committed")
                .description("deliveries committed together in one transaction").register(meters);
        this.writer = new GroupWriter<>("delivery-writer", settings.deliveryWriters(), settings.deliveryBatch(),
                settings.deliveryBacklog(), this::insert, groups::record);
        Gauge.builder("charter.pilots.deliveries.waiting", writer, GroupWriter::waiting)
                .description("accepted deliveries waiting for a writer").register(meters);
    }

    /** Stores a queued run and its job without an idempotency key, and returns its id once they are committed. */
    UUID commit(OrgId org, UUID pilot, UserId owner, String trigger, String payload) {
        return commit(org, pilot, owner, trigger, payload, null).run();
    }

    /**
     * Stores a queued run and its job, and returns once they are committed; or, when {@code keyHash} is held by an
     * earlier delivery to this Pilot within the window, stores nothing and answers with that delivery's run.
     *
     * @param keyHash hex SHA-256 of the delivery's idempotency key, or null
     * @throws NotFoundException     when the Pilot was deleted before the run could be stored
     * @throws Deliveries.Busy       when nothing was stored because Charter is overloaded or stopping
     * @throws Deliveries.KeyReused  when the key is held by an earlier delivery with a different body
     */
    Accepted commit(OrgId org, UUID pilot, UserId owner, String trigger, String payload, String keyHash) {
        var run = new RunRepository.NewRun(UUID.randomUUID(), org.value(), pilot, trigger, payload);
        var delivery = new Delivery(run, owner, keyHash == null ? null : new DeliveryKeyRepository.KeyId(org.value(), pilot, keyHash),
                keyHash == null ? null : IdempotencyKeys.hash(payload));
        boolean stored;
        try {
            stored = writer.write(delivery, WAIT);
        } catch (DataIntegrityViolationException e) {
            // a foreign key that no longer holds: the Pilot (or its organization) was deleted meanwhile
            throw new NotFoundException("Delivery URL");
        }
        if (!stored) {
            throw new Deliveries.Busy("Charter could not take the delivery now (it is busy or stopping) and stored nothing; "
                    + "retry in a moment.");
        }
        Accepted outcome = delivery.outcome;
        if (outcome == null) {
            throw new Deliveries.KeyReused("This idempotency key was already used for a delivery with a different body "
                    + "to this Pilot; send a new key with a new delivery.");
        }
        return outcome;
    }

    private void insert(List<Delivery> group) {
        tx.executeWithoutResult(status -> {
            List<Delivery> store = new ArrayList<>(group.size());
            List<Delivery> keyed = new ArrayList<>();
            for (Delivery d : group) {
                d.outcome = null; // a group that failed is written again, one delivery at a time
                if (d.key == null) {
                    d.outcome = new Accepted(d.run.id(), false);
                    store.add(d);
                } else {
                    keyed.add(d);
                }
            }
            if (!keyed.isEmpty()) {
                store.addAll(claimKeys(keyed));
            }
            if (store.isEmpty()) {
                return;
            }
            runs.insertAll(store.stream().map(d -> d.run).toList());
            queue.enqueueAll(store.stream().map(d -> NewJob.of(new OrgId(d.run.org()), Runs.QUEUE,
                    "{\"run\":\"" + d.run.id() + "\"}").subject(d.owner).attempts(3)).toList());
        });
    }

    /** Claims the group's keys, sets every keyed delivery's outcome, and returns those that store a run. */
    private List<Delivery> claimKeys(List<Delivery> keyed) {
        Map<DeliveryKeyRepository.KeyId, Delivery> first = new LinkedHashMap<>();
        keyed.forEach(d -> first.putIfAbsent(d.key, d));
        Instant now = clock.instant();
        var claimed = keys.claim(first.values().stream()
                .map(d -> new DeliveryKeyRepository.NewKey(d.key, d.payloadHash, d.run.id())).toList(), now, now.plus(window));
        var held = keys.held(first.keySet().stream().filter(k -> !claimed.contains(k)).toList());
        List<Delivery> store = new ArrayList<>();
        for (Delivery d : keyed) {
            DeliveryKeyRepository.HeldKey holder;
            if (claimed.contains(d.key)) {
                Delivery owner = first.get(d.key);
                if (owner == d) {
                    d.outcome = new Accepted(d.run.id(), false);
                    store.add(d);
                    continue;
                }
                holder = new DeliveryKeyRepository.HeldKey(owner.payloadHash, owner.run.id());
            } else {
                holder = held.get(d.key);
                if (holder == null) {
                    throw new IllegalStateException("an idempotency key was neither claimed nor held");
                }
            }
            d.outcome = holder.payloadHash().equals(d.payloadHash) ? new Accepted(holder.run(), true) : null;
        }
        return store;
    }

    @Override
    public void start() {
        writer.start();
    }

    /** Stops taking deliveries and stores those already taken; any still waiting get 503. */
    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }

    @Override
    public int getPhase() {
        // starts before the web server takes requests and stops after its graceful shutdown ended them
        return Integer.MAX_VALUE - 4096;
    }
}
