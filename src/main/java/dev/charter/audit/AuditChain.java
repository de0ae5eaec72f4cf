package dev.charter.audit;

import dev.charter.shared.OrgId;

/**
 * The audit hash chain as a whole. The chain is one for every organization (a single ordered
 * log), so verifying it is global. The operator's verdict lists every problem; an organization's
 * verdict lists the problems on its own rows and on no one's rows (removed rows, checkpoints) and
 * only counts those on other organizations' rows.
 */
public interface AuditChain {

    /** Recomputes every kept row from where the last purge left the chain and checks every signed checkpoint. */
    AuditVerification verify();

    /** The same walk, with the verdict scoped for an admin of {@code viewer}. */
    AuditVerification verifyFor(OrgId viewer);

    /** Verifies the rows added since the last checkpoint and, if they are intact, signs a new checkpoint. */
    void signCheckpoint();

    /** The public half of the key that signs checkpoints, for offline verifiers. */
    SigningKey signingKey();

    /**
     * @param keyId       the key's id as checkpoints name it
     * @param fingerprint SHA-256 of the X.509 encoding, in groups, for people to compare
     * @param x509Base64  the public key, base64 of its X.509 encoding (what {@code --audit-key} takes)
     */
    record SigningKey(String keyId, String fingerprint, String x509Base64) {}
}
