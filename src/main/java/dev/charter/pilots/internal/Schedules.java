package dev.charter.pilots.internal;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts scheduled Pilots. Every node looks for due schedules; the node whose conditional update
 * moves a schedule on starts that occurrence, in the same transaction, so each occurrence runs once.
 * Occurrences missed while every node was down are not replayed: the next one is computed from now.
 * Runs of one schedule are at least {@link PilotsSettings#minScheduleInterval()} apart, also for a schedule saved
 * before that minimum was raised: its next run is the first occurrence after the minimum has passed.
 */
@Component
class Schedules {

    private final PilotRepository pilots;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration minimum;

    Schedules(PilotRepository pilots, Runs runs, TransactionTemplate tx, Clock clock, PilotsSettings settings) {
        this.pilots = pilots;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
        this.minimum = settings.minScheduleInterval();
    }

    static Instant next(String cron, String zone, Instant after) {
        ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(ZoneId.of(zone)));
        return next == null ? null : next.toInstant();
    }

    @Scheduled(fixedDelayString = "${charter.pilots.schedule-check:PT5S}", initialDelayString = "PT5S")
    void startDue() {
        Instant now = clock.instant();
        for (var p : pilots.dueSchedules(now, 100)) {
            tx.executeWithoutResult(status -> {
                Instant earliest = p.nextRunAt().plus(minimum).minusNanos(1);
                Instant next = next(p.cron(), p.timeZone(), earliest.isAfter(now) ? earliest : now);
                if (pilots.advanceSchedule(p.id(), p.nextRunAt(), next)) {
                    runs.start(new OrgId(p.orgId()), p.id(), new UserId(p.ownerId()), "SCHEDULE",
                            "{\"scheduledFor\":\"" + p.nextRunAt() + "\"}");
                }
            });
        }
    }
}
