package dev.charter.pilots.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Pilots settings ({@code CHARTER_PILOTS_*}).
 *
 * @param deliveryKey          base64 key that derives delivery secrets; default: key file under the data folder
 * @param deliveriesPerSecond  deliveries one Pilot accepts per second before answering 429
 * @param runConcurrency       runs one node executes at once
 * @param deliveryWriters      threads that commit accepted deliveries, each a group at a time
 * @param deliveryBatch        most deliveries committed in one transaction
 * @param deliveryBacklog      deliveries that may wait for a writer before new ones are refused with 503
 * @param idempotencyWindow    how long a delivery's idempotency key makes a repeat answer as the first did
 * @param minScheduleInterval  shortest time a schedule may leave between two runs
 */
@ConfigurationProperties("charter.pilots")
public record PilotsSettings(
        String deliveryKey,
        @DefaultValue("200") int deliveriesPerSecond,
        @DefaultValue("16") int runConcurrency,
        @DefaultValue("2") int deliveryWriters,
        @DefaultValue("256") int deliveryBatch,
        @DefaultValue("10000") int deliveryBacklog,
        @DefaultValue("24h") Duration idempotencyWindow,
        @DefaultValue("1m") Duration minScheduleInterval,
        @DefaultValue("10s") Duration replyWait) {

    public PilotsSettings {
        if (deliveryWriters < 1 || deliveryBatch < 1 || deliveryBacklog < 1) {
            throw new IllegalArgumentException("charter.pilots.delivery-writers, -batch and -backlog must be at least 1");
        }
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("charter.pilots.idempotency-window must be positive");
        }
        if (replyWait.isNegative() || replyWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("charter.pilots.reply-wait must be 0 to 30s");
        }
        if (minScheduleInterval.isNegative() || minScheduleInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("charter.pilots.min-schedule-interval must be at least 1s");
        }
    }

    @Override
    public String toString() {
        return "PilotsSettings[deliveryKey=" + (deliveryKey == null ? "file" : "(set)") + ", deliveriesPerSecond=" + deliveriesPerSecond
                + ", idempotencyWindow=" + idempotencyWindow + ", minScheduleInterval=" + minScheduleInterval + "]";
    }
}
