package dev.charter.audit.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.CommittedAuditLog;
import dev.charter.storage.GroupWriter;
import java.time.Duration;
import java.util.List;
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
 * to fill. An event no writer takes (the writer is starting or stopping, or too far behind) is written by its
 * caller, in a transaction of its own.
 */
@Component
class GroupedAuditWriter implements CommittedAuditLog, SmartLifecycle {

    static final int MAX_GROUP = 500;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JdbcAuditLog chain;
    private final TransactionTemplate separate;
    private final GroupWriter<AuditEvent> writer;

    GroupedAuditWriter(JdbcAuditLog chain, PlatformTransactionManager transactions) {
        this.chain = chain;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // one writer: the chain is one sequence, so a second would only wait for the first's lock
        this.writer = new GroupWriter<>("audit-writer", 1, MAX_GROUP, 10_000, this::append, size -> {});
    }

    @Override
    public void record(AuditEvent event) {
        if (!writer.write(event, WAIT)) {
            append(List.of(event));
        }
    }

    private void append(List<AuditEvent> events) {
        separate.executeWithoutResult(s -> chain.append(events));
    }

    @Override
    public void start() {
        writer.start();
    }

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
        return Integer.MAX_VALUE - 8192; // starts before and stops after everything that sends requests
    }
}
