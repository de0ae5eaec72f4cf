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
import java.time.Duration;
import java.util.List;
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
 */
@Component
class DeliveryWriter implements SmartLifecycle {

    /** How long a request waits for a writer to pick its delivery up before it is refused with 503. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** A delivery ready to be stored. */
    private record Delivery(RunRepository.NewRun run, UserId owner) {}

    private final RunRepository runs;
    private final JobQueue queue;
    private final TransactionTemplate tx;
    private final GroupWriter<Delivery> writer;

    DeliveryWriter(RunRepository runs, JobQueue queue, PlatformTransactionManager transactions, PilotsSettings settings,
                   MeterRegistry meters) {
        this.runs = runs;
        this.queue = queue;
        this.tx = new TransactionTemplate(transactions);
        DistributionSummary groups = DistributionSummary.builder("charter.pilots.deliveries.committed")
                .description("deliveries committed together in one transaction").register(meters);
        this.writer = new GroupWriter<>("delivery-writer", settings.deliveryWriters(), settings.deliveryBatch(),
                settings.deliveryBacklog(), this::insert, groups::record);
        Gauge.builder("charter.pilots.deliveries.waiting", writer, GroupWriter::waiting)
                .description("accepted deliveries waiting for a writer").register(meters);
    }

    /**
     * Stores a queued run and its job, and returns once they are committed.
     *
     * @throws NotFoundException when the Pilot was deleted before the run could be stored
     * @throws Deliveries.Busy   when nothing was stored because Charter is overloaded or stopping
     */
    UUID commit(OrgId org, UUID pilot, UserId owner, String trigger, String payload) {
        var delivery = new Delivery(new RunRepository.NewRun(UUID.randomUUID(), org.value(), pilot, trigger, payload), owner);
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
        return delivery.run().id();
    }

    private void insert(List<Delivery> group) {
        tx.executeWithoutResult(status -> {
            runs.insertAll(group.stream().map(Delivery::run).toList());
            queue.enqueueAll(group.stream().map(d -> NewJob.of(new OrgId(d.run().org()), Runs.QUEUE,
                    "{\"run\":\"" + d.run().id() + "\"}").subject(d.owner()).attempts(3)).toList());
        });
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
