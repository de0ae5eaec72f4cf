package dev.charter.pilots.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Pilots settings ({@code CHARTER_PILOTS_*}).
 *
 * @param deliveryKey          base64 key that derives delivery secrets; default: key file under the data folder
 * @param maxPayloadBytes      largest delivery body accepted
 * @param deliveriesPerSecond  deliveries one Pilot accepts per second before answering 429
 * @param runConcurrency       runs one node executes at once
 */
@ConfigurationProperties("charter.pilots")
public record PilotsSettings(
        String deliveryKey,
        @DefaultValue("262144") int maxPayloadBytes,
        @DefaultValue("200") int deliveriesPerSecond,
        @DefaultValue("16") int runConcurrency) {

    @Override
    public String toString() {
        return "PilotsSettings[deliveryKey=" + (deliveryKey == null ? "file" : "(set)") + ", maxPayloadBytes="
                + maxPayloadBytes + ", deliveriesPerSecond=" + deliveriesPerSecond + "]";
    }
}
