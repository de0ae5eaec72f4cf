package dev.charter.pilots.internal;

import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 */
@Component
class DeliveryWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    /** How long a request waits for a writer to pick its delivery up before it is refused with 503. */
    static final long WAIT_MILLIS = 10_000;

    /** A delivery ready to be stored, and the request waiting for it. */
    private record Pending(RunRepository.NewRun run, UserId owner, CompletableFuture<UUID> done) {}

    private final RunRepository runs;
    private final JobQueue queue;
    private final TransactionTemplate tx;
    private final PilotsSettings settings;
    private final BlockingQueue<Pending> pending;
    private final DistributionSummary groups;
    private volatile boolean running;
    private List<Thread> writers = List.of();

    DeliveryWriter(RunRepository runs, JobQueue queue, PlatformTransactionManager transactions, PilotsSettings settings,
                   MeterRegistry meters) {
        this.runs = runs;
        this.queue = queue;
        this.tx = new TransactionTemplate(transactions);
        this.settings = settings;
        this.pending = new ArrayBlockingQueue<>(settings.deliveryBacklog());
        this.groups = DistributionSummary.builder("charter.pilots.deliveries.committed")
                .description("deliveries committed together in one transaction").register(meters);
        Gauge.builder("charter.pilots.deliveries.waiting", pending, BlockingQueue::size)
                .description("accepted deliveries waiting for a writer").register(meters);
    }

    /**
     * Stores a queued run and its job, and returns once they are committed.
     *
     * @throws NotFoundException when the Pilot was deleted before the run could be stored
     * @throws Deliveries.Busy              when nothing was stored because Charter is overloaded or stopping
     */
    UUID commit(OrgId org, UUID pilot, UserId owner, String trigger, String payload) {
        var p = new Pending(new RunRepository.NewRun(UUID.randomUUID(), org.value(), pilot, trigger, payload), owner,
                new CompletableFuture<>());
        if (!running) {
            throw new Deliveries.Busy("Charter is starting or stopping; retry in a moment.");
        }
        try {
            if (!pending.offer(p, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new Deliveries.Busy("Charter has more deliveries waiting to be stored than it can take; retry in a moment.");
            }
            try {
                return p.done.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (pending.remove(p)) { // never reached a writer: nothing stored
                    throw new Deliveries.Busy("Charter could not store the delivery in time; retry in a moment.");
                }
                return p.done.get(); // a writer has it: its transaction decides
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pending.remove(p)) {
                throw new Deliveries.Busy("Charter is stopping; retry in a moment.");
            }
            return p.done.join();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(settings.deliveryBatch());
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, settings.deliveryBatch() - 1);
                store(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("Delivery writer failed; its deliveries were refused", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        try {
            insert(batch);
            groups.record(batch.size());
            batch.forEach(p -> p.done.complete(p.run.id()));
        } catch (RuntimeException groupFailed) {
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(translate(groupFailed));
                return;
            }
            for (Pending p : batch) { // one at a time, so one bad delivery fails alone
                try {
                    insert(List.of(p));
                    groups.record(1);
                    p.done.complete(p.run.id());
                } catch (RuntimeException e) {
                    p.done.completeExceptionally(translate(e));
                }
            }
        }
    }

    private void insert(List<Pending> batch) {
        tx.executeWithoutResult(status -> {
            runs.insertAll(batch.stream().map(Pending::run).toList());
            queue.enqueueAll(batch.stream().map(p -> NewJob.of(new OrgId(p.run.org()), Runs.QUEUE,
                    "{\"run\":\"" + p.run.id() + "\"}").subject(p.owner).attempts(3)).toList());
        });
    }

    /** A foreign key that no longer holds means the Pilot (or its organization) was deleted meanwhile. */
    private static RuntimeException translate(RuntimeException e) {
        return e instanceof DataIntegrityViolationException ? new NotFoundException("Delivery URL") : e;
    }

    @Override
    public void start() {
        running = true;
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < settings.deliveryWriters(); i++) {
            Thread t = new Thread(this::write, "delivery-writer-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        writers = started;
    }

    /** Stops taking deliveries, stores those already waiting, then ends the writers. */
    @Override
    public void stop() {
        running = false;
        for (Thread t : writers) {
            try {
                t.join(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        writers = List.of();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // starts before the web server takes requests and stops after its graceful shutdown ended them
        return Integer.MAX_VALUE - 4096;
    }
}
