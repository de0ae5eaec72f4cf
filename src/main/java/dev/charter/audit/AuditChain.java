package dev.charter.audit;

/**
 * The audit hash chain as a whole. The chain is one for every organization (a single ordered
 * log), so verifying it is global; callers who act for one organization should show only the
 * verdict and the failing row id ({@link AuditVerification#summary()}).
 */
public interface AuditChain {

    /** Recomputes every kept row from where the last purge left the chain and checks every signed checkpoint. */
    AuditVerification verify();

    /** Verifies the rows added since the last checkpoint and, if they are intact, signs a new checkpoint. */
    void signCheckpoint();
}
