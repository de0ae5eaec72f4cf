package dev.charter.pilots.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starting runs (from any trigger) and reading their history, for the owning organization only (PIL-9). */
@Service
public class Runs {

    static final String QUEUE = "pilots.run";

    public record RunView(RunRepository.RunRow run, List<RunRepository.StepRow> steps) {
        public boolean inProgress() {
            return "QUEUED".equals(run.status()) || "RUNNING".equals(run.status());
        }
    }

    private final RunRepository runs;
    private final PilotService pilots;
    private final JobQueue queue;
    private final AuditLog audit;

    Runs(RunRepository runs, PilotService pilots, JobQueue queue, AuditLog audit) {
        this.runs = runs;
        this.pilots = pilots;
        this.queue = queue;
        this.audit = audit;
    }

    /**
     * Records a run and queues it in one transaction: when this returns, the run survives a crash
     * (PIL-3). History beyond the newest 100 runs is trimmed when a run finishes (PIL-4).
     */
    @Transactional
    public UUID start(OrgId org, UUID pilot, UserId owner, String trigger, String payload) {
        UUID id = UUID.randomUUID();
        runs.insert(id, org.value(), pilot, trigger, payload);
        queue.enqueue(NewJob.of(org, QUEUE, "{\"run\":\"" + id + "\"}").subject(owner).attempts(3));
        return id;
    }

    @Transactional
    public UUID runNow(CurrentUser me, UUID pilot, String payload) {
        var row = pilots.row(me.orgId(), pilot);
        String body = payload != null && !payload.isBlank() ? payload
                : row.samplePayload() != null ? row.samplePayload() : "{}";
        UUID id = start(me.orgId(), pilot, new UserId(row.ownerId()), "MANUAL", Deliveries.requireJson(body));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.run.manual", "run:" + id));
        return id;
    }

    @Transactional
    public UUID rerun(CurrentUser me, UUID runId) {
        var old = runs.find(me.orgId(), runId).orElseThrow(() -> new NotFoundException("Run"));
        var row = pilots.row(me.orgId(), old.pilotId());
        UUID id = start(me.orgId(), old.pilotId(), new UserId(row.ownerId()), "RERUN", old.payload());
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "pilots.run.rerun", "run:" + id));
        return id;
    }

    public List<RunRepository.RunRow> history(CurrentUser me, UUID pilot, int limit) {
        pilots.row(me.orgId(), pilot);
        return runs.list(me.orgId(), pilot, Math.min(Math.max(limit, 1), RunRepository.KEEP));
    }

    /** One page of a Pilot's run history, newest first; {@code status} null for every status. */
    public RunRepository.RunPage historyPage(CurrentUser me, UUID pilot, String status, int offset, int limit) {
        pilots.row(me.orgId(), pilot);
        return runs.page(me.orgId(), pilot, status, Math.max(offset, 0), Math.min(Math.max(limit, 1), RunRepository.KEEP));
    }

    public RunView run(CurrentUser me, UUID runId) {
        var run = runs.find(me.orgId(), runId).orElseThrow(() -> new NotFoundException("Run"));
        return new RunView(run, runs.steps(me.orgId(), runId));
    }
}
