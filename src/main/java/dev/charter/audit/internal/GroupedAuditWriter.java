package dev.charter.audit.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.CommittedAuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits independent audit events in groups. The chain is one sequence, so every append holds its lock until
 * the commit is on disk; one event per commit capped the whole node at one WAL flush per audited request. Here
 * callers queue their event and wait, and one writer appends whatever has queued up under a single hold of the
 * lock and a single commit, then releases them all. A lone event is written at once; nobody waits for a group
 * to fill. While the writer is not running (starting, stopping) an event is written by its caller directly.
 */
@Component
class GroupedAuditWriter implements CommittedAuditLog, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupedAuditWriter.class);
    static final int MAX_GROUP = 500;

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {}

    private final JdbcAuditLog chain;
    private final TransactionTemplate separate;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    GroupedAuditWriter(JdbcAuditLog chain, PlatformTransactionManager transactions) {
        this.chain = chain;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void record(AuditEvent event) {
        if (!running) {
            separate.executeWithoutResult(s -> chain.append(List.of(event)));
            return;
        }
        var p = new Pending(event, new CompletableFuture<>());
        pending.add(p);
        if (!running && pending.remove(p)) { // stopped meanwhile, perhaps after its last look: write it here
            separate.executeWithoutResult(s -> chain.append(List.of(event)));
            return;
        }
        try {
            p.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.done.join(); // the writer decides; the caller must not act as if it were recorded before it is
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void write() {
        List<Pending> group = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, MAX_GROUP - 1);
                separate.executeWithoutResult(s -> chain.append(group.stream().map(Pending::event).toList()));
                group.forEach(p -> p.done.complete(null));
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.error("Appending {} audit events failed; their callers were told", group.size(), e);
                group.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::write, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops taking events (callers then write their own) and writes those already queued. */
    @Override
    public void stop() {
        running = false;
        Thread t = writer;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // anything queued after the writer's last look is written by this thread, never dropped
        for (Pending p; (p = pending.poll()) != null; ) {
            Pending q = p;
            try {
                separate.executeWithoutResult(s -> chain.append(List.of(q.event())));
                q.done.complete(null);
            } catch (RuntimeException e) {
                q.done.completeExceptionally(e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 8192; // starts before and stops after everything that sends requests
    }
}
