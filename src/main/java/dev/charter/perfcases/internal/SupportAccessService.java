package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.ServerOperators;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.SupportAccess;
import dev.charter.perfcases.SupportGrant;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SupportAccess}. The operator's side finds the organization through the grant, checks the operator role, the
 * expiry and the revocation in the same query that reads, and writes the audit record in the same transaction, so a
 * read is never answered without its record, and none is answered after a revocation commits.
 */
@Service
class SupportAccessService implements SupportAccess {

    private final SupportGrantRepository grants;
    private final CaseRepository cases;
    private final ServerOperators operators;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    SupportAccessService(SupportGrantRepository grants, CaseRepository cases, ServerOperators operators, AuditLog audit,
                         Clock clock, PlatformTransactionManager transactions) {
        this.grants = grants;
        this.cases = cases;
        this.operators = operators;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public SupportGrant grant(CurrentUser admin, UUID caseId, String operatorEmail, Duration duration, String reason) {
        PerfCase c = caseOf(admin, caseId);
        admin.requireAdmin();
        Duration d = duration == null ? DEFAULT_DURATION : duration;
        Map<String, String> errors = new LinkedHashMap<>();
        var operator = operators.byEmail(operatorEmail);
        if (operator.isEmpty()) {
            errors.put("operatorEmail", "Name the email address of one of this server's operators.");
        }
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            errors.put("duration", "Choose a duration from 5 minutes to 24 hours (for example PT4H).");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            errors.put("reason", "Say in up to 500 characters why the operator needs to see this case.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(d);
        UUID operatorId = operator.get().id().value();
        tx.executeWithoutResult(s -> {
            grants.insert(admin.orgId(), id, c.id(), operatorId, why, admin.userId().value(), now, expires);
            audit.record(AuditEvent.of(admin.orgId(), admin.userId().value(), "perfcases.support.granted", "perfcase:" + c.id())
                    .about(operatorId).with("grant", id.toString()).with("operator", operatorId.toString())
                    .with("expires", expires.toString()));
        });
        return grants.find(admin.orgId(), c.id(), id, clock.instant()).orElseThrow();
    }

    @Override
    public SupportGrant revoke(CurrentUser admin, UUID caseId, UUID grantId) {
        PerfCase c = caseOf(admin, caseId);
        SupportGrant g = grants.find(admin.orgId(), c.id(), grantId, clock.instant())
                .orElseThrow(() -> new NotFoundException("Support grant"));
        admin.requireAdmin();
        tx.executeWithoutResult(s -> {
            if (grants.revoke(admin.orgId(), g.id(), admin.userId().value(), clock.instant())) {
                audit.record(AuditEvent.of(admin.orgId(), admin.userId().value(), "perfcases.support.revoked", "perfcase:" + c.id())
                        .about(g.operatorId()).with("grant", g.id().toString())
                        .with("operator", g.operatorId().toString()));
            }
        });
        return grants.find(admin.orgId(), c.id(), grantId, clock.instant()).orElseThrow();
    }

    @Override
    public List<SupportGrant> grants(CurrentUser admin, UUID caseId) {
        PerfCase c = caseOf(admin, caseId);
        admin.requireAdmin();
        return grants.forCase(admin.orgId(), c.id(), clock.instant());
    }

    @Override
    public List<GrantedCase> grantedCases(CurrentUser operator) {
        if (!operators.isOperator(operator.userId())) {
            return List.of();
        }
        return tx.execute(s -> grants.activeCases(operator.userId().value(), clock.instant()).stream().map(a -> {
            audit.record(AuditEvent.of(a.grant().org(), operator.userId().value(), "perfcases.support.listed",
                    "perfcase:" + a.grant().caseId()).with("grant", a.grant().id().toString())
                    .with("operator", operator.userId().value().toString()));
            return a.view();
        }).toList());
    }

    @Override
    public PerfCase read(CurrentUser operator, UUID caseId) {
        if (!operators.isOperator(operator.userId())) {
            throw new NotFoundException("Case");
        }
        return tx.execute(s -> {
            var g = grants.active(operator.userId().value(), caseId, clock.instant())
                    .orElseThrow(() -> new NotFoundException("Case"));
            PerfCase c = cases.find(g.org(), caseId).orElseThrow(() -> new NotFoundException("Case"));
            audit.record(AuditEvent.of(g.org(), operator.userId().value(), "perfcases.support.case-read", "perfcase:" + caseId)
                    .with("grant", g.id().toString())
                    .with("operator", operator.userId().value().toString()));
            return c;
        });
    }

    /** The admin's own organization's case, or 404 (checked before the role, so other tenants learn nothing). */
    private PerfCase caseOf(CurrentUser me, UUID caseId) {
        return cases.find(me.orgId(), caseId).orElseThrow(() -> new NotFoundException("Case"));
    }
}
