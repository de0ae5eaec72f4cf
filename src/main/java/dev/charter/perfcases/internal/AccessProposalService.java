package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AccessProposal;
import dev.charter.perfcases.AccessProposals;
import dev.charter.perfcases.AccessScope;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Access proposals (PRF-10). A proposal changes nothing by itself; readers ask {@link #approved} just before each
 * query, so an approval applies from the next query on and a withdrawal stops it at once. Each step is written to the
 * audit log in the same transaction as the change.
 */
@Service
class AccessProposalService implements AccessProposals {

    static final int MAX_JUSTIFICATION = 1000;

    private final AccessProposalRepository proposals;
    private final CaseRepository cases;
    private final TelemetryConnectionRepository connections;
    private final SpanAggregateRepository spans;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    AccessProposalService(AccessProposalRepository proposals, CaseRepository cases, TelemetryConnectionRepository connections,
                          SpanAggregateRepository spans, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.proposals = proposals;
        this.cases = cases;
        this.connections = connections;
        this.spans = spans;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<AccessProposal> list(OrgId org, UUID caseId) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        return proposals.list(org, caseId);
    }

    @Override
    public AccessProposal propose(CurrentUser me, UUID caseId, UUID connectionId, AccessScope scope, String subject,
                                  String justification) {
        return propose(me.orgId(), me.userId().value(), caseId, connectionId, scope, subject, justification)
                .orElseThrow(() -> new ConflictException("This access is already proposed or approved on the case."));
    }

    /**
     * Proposes access, by a person or (with {@code by} null) by Charter; empty when the same access is already
     * pending or approved on the case.
     */
    java.util.Optional<AccessProposal> propose(OrgId org, UUID by, UUID caseId, UUID connectionId, AccessScope scope,
                                               String subject, String justification) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        Map<String, String> errors = new LinkedHashMap<>();
        TelemetryConnection c = connectionId == null ? null : connections.find(org, connectionId).orElse(null);
        if (c == null) {
            errors.put("connectionId", "Choose one of the organization's telemetry connections.");
        }
        if (scope == null) {
            errors.put("scope", "Choose TRACE_ATTRIBUTE.");
        } else if (c != null && !scope.appliesTo(c.kind())) {
            errors.put("scope", "A " + scope.title() + " cannot be granted on a " + c.kind().title() + " connection.");
        }
        String s = subject == null ? "" : subject.strip();
        if (scope != null && !scope.validSubject(s)) {
            errors.put("subject", "Give an attribute key such as http.route (letters, digits, dots, dashes and underscores).");
        }
        String why = justification == null ? "" : justification.strip();
        if (why.isEmpty() || why.length() > MAX_JUSTIFICATION) {
            errors.put("justification", "Say in 1 to " + MAX_JUSTIFICATION + " characters why the case needs it.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        AccessProposal p = new AccessProposal(UUID.randomUUID(), caseId, connectionId, scope, s, why, "PROPOSED", by,
                clock.instant(), null, null, null, null);
        Boolean inserted = tx.execute(st -> {
            if (!proposals.insert(org, p)) {
                return false;
            }
            audit.record(event(org, by, "perfcases.access.proposed", p).with("justification", why)
                    .with("by", by == null ? "charter" : "person"));
            return true;
        });
        return Boolean.TRUE.equals(inserted) ? proposals.find(org, p.id()) : java.util.Optional.empty();
    }

    @Override
    public AccessProposal approve(CurrentUser me, UUID proposalId) {
        return decide(me, proposalId, "APPROVED", "perfcases.access.approved");
    }

    @Override
    public AccessProposal deny(CurrentUser me, UUID proposalId) {
        return decide(me, proposalId, "DENIED", "perfcases.access.denied");
    }

    private AccessProposal decide(CurrentUser me, UUID proposalId, String status, String action) {
        return tx.execute(st -> {
            AccessProposal p = proposals.lock(me.orgId(), proposalId).orElseThrow(() -> new NotFoundException("Access proposal"));
            me.requireAdmin();
            if (!p.pending()) {
                throw new ConflictException("This proposal is " + p.status().toLowerCase(java.util.Locale.ROOT)
                        + " already; only a pending proposal can be approved or denied.");
            }
            proposals.decide(me.orgId(), proposalId, status, me.userId().value(), clock.instant());
            audit.record(event(me.orgId(), me.userId().value(), action, p));
            return proposals.find(me.orgId(), proposalId).orElseThrow();
        });
    }

    @Override
    public AccessProposal withdraw(CurrentUser me, UUID proposalId) {
        return tx.execute(st -> {
            AccessProposal p = proposals.lock(me.orgId(), proposalId).orElseThrow(() -> new NotFoundException("Access proposal"));
            boolean ownPending = p.pending() && me.userId().value().equals(p.proposedBy());
            if (!ownPending) {
                me.requireAdmin();
            }
            if (!p.pending() && !p.approved()) {
                throw new ConflictException("This proposal is " + p.status().toLowerCase(java.util.Locale.ROOT)
                        + " already; only a pending or approved one can be withdrawn.");
            }
            proposals.withdraw(me.orgId(), proposalId, me.userId().value(), clock.instant());
            if (p.approved() && p.scope() == AccessScope.TRACE_ATTRIBUTE) {
                // what was read with the attribute goes with it; the next read groups without it
                spans.delete(me.orgId(), p.caseId(), p.connectionId());
            }
            audit.record(event(me.orgId(), me.userId().value(), "perfcases.access.withdrawn", p).with("was", p.status()));
            return proposals.find(me.orgId(), proposalId).orElseThrow();
        });
    }

    @Override
    public Set<String> approved(OrgId org, UUID caseId, UUID connectionId, AccessScope scope) {
        return proposals.approved(org, caseId, connectionId, scope);
    }

    boolean everProposed(OrgId org, UUID caseId, UUID connectionId, AccessScope scope, String subject) {
        return proposals.everProposed(org, caseId, connectionId, scope, subject);
    }

    private static AuditEvent event(OrgId org, UUID actor, String action, AccessProposal p) {
        return AuditEvent.of(org, actor, action, "perfcase:" + p.caseId()).with("proposal", p.id().toString())
                .with("connection", p.connectionId().toString()).with("scope", p.scope().name()).with("subject", p.subject());
    }
}
