package dev.charter.audit.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit settings ({@code CHARTER_AUDIT_*}). Without keys in the environment the server creates
 * them under {@code <data-dir>/keys/} on first start; several nodes sharing one database must all
 * be given the same keys (docs/audit.md).
 *
 * @param pseudonymKey       base64 of at least 32 random bytes: the HMAC key for people's pseudonyms
 * @param signingKey         {@code ed25519:<base64 PKCS#8 private key>:<base64 X.509 public key>}
 * @param trustedKeys        base64 X.509 public keys of earlier signing keys whose checkpoints still count
 * @param checkpointInterval how often the chain is verified and a checkpoint signed
 * @param purgeInterval      how often the retention purge runs
 * @param retentionMonths    how long audit events are kept (unset: as the database says, 13 by default); the
 *                           database refuses less than 13
 */
@ConfigurationProperties("charter.audit")
public record AuditSettings(
        String pseudonymKey,
        String signingKey,
        @DefaultValue List<String> trustedKeys,
        @DefaultValue("PT10M") Duration checkpointInterval,
        @DefaultValue("PT6H") Duration purgeInterval,
        Integer retentionMonths) {

    @Override
    public String toString() {
        return "AuditSettings[pseudonymKey=" + (pseudonymKey == null ? "from file" : "(set)")
                + ", signingKey=" + (signingKey == null ? "from file" : "(set)") + ", trustedKeys=" + trustedKeys.size()
                + ", checkpointInterval=" + checkpointInterval + ", purgeInterval=" + purgeInterval
                + ", retentionMonths=" + retentionMonths + "]";
    }
}
