package dev.charter.privacy.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Privacy settings ({@code CHARTER_PRIVACY_*}).
 *
 * @param sweepInterval     how often the retention sweep runs (one node of the cluster runs each sweep)
 * @param sweepBatch        rows deleted per batch and transaction
 * @param sweepMaxBatches   batches per data class and sweep, so one sweep stays bounded
 * @param analyticsEnabled  false switches first-party page-view counting off for everyone
 * @param receiptKey        base64 Ed25519 private key (32-byte seed) that signs erasure receipts; when
 *                          empty a key file under the data folder is used
 * @param exportsPerHour    export requests per person each hour
 * @param verificationsPerMinute receipt verifications per client address each minute
 * @param sweepEnabled      run the scheduled retention sweep on this cluster (turn off only for tests
 *                          that count audit rows)
 */
@ConfigurationProperties("charter.privacy")
public record PrivacySettings(
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("1000") int sweepBatch,
        @DefaultValue("100") int sweepMaxBatches,
        @DefaultValue("true") boolean analyticsEnabled,
        String receiptKey,
        @DefaultValue("10") int exportsPerHour,
        @DefaultValue("30") int verificationsPerMinute,
        @DefaultValue("true") boolean sweepEnabled) {

    @Override
    public String toString() {
        return "PrivacySettings[sweepInterval=" + sweepInterval + ", sweepBatch=" + sweepBatch
                + ", receiptKey=" + (receiptKey == null || receiptKey.isBlank() ? "file" : "(set)") + "]";
    }
}
