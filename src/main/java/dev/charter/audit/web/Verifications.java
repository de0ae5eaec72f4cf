package dev.charter.audit.web;

import dev.charter.audit.AuditChain;
import dev.charter.audit.AuditVerification;
import dev.charter.shared.ConflictException;
import dev.charter.shared.OrgId;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Runs a verification for an organization admin. The chain is global, so the whole chain is
 * verified; the admin gets every problem on their organization's rows and on removed rows and
 * checkpoints, and only a count of the problems on other organizations' rows, which are never
 * described. One verification at a time per node: it reads the whole log.
 */
@Component
class Verifications {

    private final AuditChain chain;
    private final Semaphore running = new Semaphore(1);

    Verifications(AuditChain chain) {
        this.chain = chain;
    }

    AuditVerification verifyForAdmin(OrgId org) {
        if (!running.tryAcquire()) {
            throw new ConflictException("A verification of the audit log is already running. Try again in a minute.");
        }
        try {
            return chain.verifyFor(org);
        } finally {
            running.release();
        }
    }
}
