package dev.charter.privacy.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.RateLimiter;
import dev.charter.identity.Role;
import dev.charter.privacy.UsageEvents;
import dev.charter.shared.ConflictException;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's data exports (DSR-1): start one, follow its progress, download the file. An owner's
 * export can include the organization. Only the person who asked sees a job; anyone else gets 404.
 */
@Service
public class ExportJobs {

    /** An export as its owner sees it. */
    public record Job(UUID id, boolean includeOrganization, String status, int progress, int total, Instant createdAt,
                      Instant finishedAt, Long size, String error) {
        public int percent() {
            return "DONE".equals(status) ? 100 : total == 0 ? 0 : Math.min(99, progress * 100 / total);
        }

        public boolean finished() {
            return "DONE".equals(status) || "FAILED".equals(status);
        }
    }

    /** A finished export file. */
    public record Download(String filename, byte[] content) {}

    private final ExportRepository repo;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final UsageEvents usage;
    private final RateLimiter limiter;
    private final RateLimiter.Limit limit;
    private final Clock clock;

    ExportJobs(ExportRepository repo, SchedulerClient scheduler, OneTimeTask<Void> exportTask, TransactionTemplate tx,
               AuditLog audit, UsageEvents usage, RateLimiter limiter, PrivacySettings settings, Clock clock) {
        this.repo = repo;
        this.scheduler = scheduler;
        this.task = exportTask;
        this.tx = tx;
        this.audit = audit;
        this.usage = usage;
        this.limiter = limiter;
        this.limit = new RateLimiter.Limit("export", settings.exportsPerHour(), Duration.ofHours(1));
        this.clock = clock;
    }

    /** Starts an export, or returns the one already under way. */
    public Job start(CurrentUser me, boolean includeOrganization) {
        if (includeOrganization && me.role() != Role.OWNER) {
            throw new ForbiddenException("Only the owner can export the whole organization. Export your own data instead.");
        }
        var active = repo.active(me.orgId(), me.userId());
        if (active.isPresent()) {
            return toJob(active.get());
        }
        limiter.check(limit, me.userId().toString());
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            repo.insert(id, me.orgId(), me.userId(), includeOrganization, clock.instant());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "privacy.export.requested", "export:" + id)
                    .with("includesOrganization", Boolean.toString(includeOrganization)));
        });
        usage.featureUsed(me.orgId(), me.userId(), "privacy.export");
        // db-scheduler keeps its own (system) clock: the execution time must be on that clock
        scheduler.scheduleIfNotExists(task.instance(id.toString()), Instant.now());
        return get(me, id);
    }

    public Job get(CurrentUser me, UUID id) {
        return repo.find(me.orgId(), me.userId(), id).map(ExportJobs::toJob).orElseThrow(() -> new NotFoundException("Export"));
    }

    public List<Job> list(CurrentUser me) {
        return repo.list(me.orgId(), me.userId()).stream().map(ExportJobs::toJob).toList();
    }

    public Download download(CurrentUser me, UUID id) {
        Job job = get(me, id);
        if (!"DONE".equals(job.status())) {
            throw new ConflictException("This export is not ready yet. Wait until it shows 100 %, then download it.");
        }
        byte[] file = repo.file(me.orgId(), me.userId(), id).orElseThrow(() -> new NotFoundException("Export"));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "privacy.export.downloaded", "export:" + id));
        return new Download("charter-export-" + job.createdAt().toString().substring(0, 10) + ".json", file);
    }

    private static Job toJob(ExportRepository.JobRow r) {
        return new Job(r.id(), r.includeOrganization(), r.status(), r.progress(), r.total(), r.createdAt(), r.finishedAt(),
                r.size(), r.error());
    }
}
