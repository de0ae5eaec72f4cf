package dev.charter.reviews.calls.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.operations.ErasableObjects;
import dev.charter.operations.ObjectErased;
import dev.charter.shared.NotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deleting a call (REV-7): its analysis and every signal derived from it go in one transaction, with an audit record
 * and an erasure-journal entry so a restore from an older backup deletes it again. The transcript was never stored.
 * Nothing is sent to the provider: the call's recording and transcript there are the organization's to manage.
 */
@Service
public class CallDeletion implements ErasableObjects {

    static final String KIND = "reviews.call";

    private final CallRepository calls;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    CallDeletion(CallRepository calls, AuditLog audit, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.calls = calls;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Deletes one call of the caller's organization (admin only); another organization's call is "not found". */
    public void delete(CurrentUser me, UUID callId) {
        tx.executeWithoutResult(s -> {
            Call call = calls.find(me.orgId(), callId).orElseThrow(() -> new NotFoundException("Call"));
            me.requireAdmin();
            int signals = calls.countSignals(me.orgId(), callId);
            erase(me, call.id(), "reviews.calls.call.deleted", signals);
        });
    }

    /** Deletes every call of the caller's organization, in the caller's transaction; answers how many. */
    int deleteAll(CurrentUser me) {
        List<UUID> ids = calls.ids(me.orgId());
        for (UUID id : ids) {
            erase(me, id, "reviews.calls.call.deleted", calls.countSignals(me.orgId(), id));
        }
        return ids.size();
    }

    private void erase(CurrentUser me, UUID id, String action, int signals) {
        calls.delete(me.orgId(), id);
        events.publishEvent(new ObjectErased(KIND, id));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), action, "call:" + id)
                .with("signals", Integer.toString(signals)));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<UUID> ids() {
        return calls.allIdsForErasureReplay();
    }

    @Override
    public int eraseAgain(Collection<UUID> ids) {
        return tx.execute(s -> calls.deleteForErasureReplay(ids));
    }
}
