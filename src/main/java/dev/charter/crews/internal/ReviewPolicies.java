package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.crews.CrewDefinition;
import dev.charter.crews.ReviewPolicy;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The organization's confidence gates and significant decisions (CRW-3): members read them, admins change them. */
@Service
public class ReviewPolicies {

    private static final TypeReference<Map<String, CrewDefinition.Threshold>> GATES = new TypeReference<>() {};

    private final ReviewRepository repo;
    private final AuditLog audit;
    private final JsonMapper json;

    ReviewPolicies(ReviewRepository repo, AuditLog audit, JsonMapper json) {
        this.repo = repo;
        this.audit = audit;
        this.json = json;
    }

    public ReviewPolicy policy(OrgId org) {
        return repo.policy(org).map(r -> new ReviewPolicy(json.readValue(r[0], GATES),
                        r[1] == null || r[1].isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(r[1].split(",")))))
                .map(p -> p.validatedOver(ReviewPolicy.defaults()))
                .orElse(ReviewPolicy.defaults());
    }

    /**
     * Changes the gates sent (the others keep theirs) and, when {@code significant} is not null, the significant
     * decisions; refuses the whole change, every problem named, when a bound or a name is wrong. Audited.
     */
    @Transactional
    public ReviewPolicy save(CurrentUser me, Map<String, CrewDefinition.Threshold> gates, Set<String> significant) {
        me.requireAdmin();
        ReviewPolicy current = policy(me.orgId());
        ReviewPolicy next = new ReviewPolicy(gates, significant == null ? current.significant() : significant)
                .validatedOver(current);
        repo.savePolicy(me.orgId(), json.writeValueAsString(next.gates()), List.copyOf(next.significant()));
        AuditEvent e = AuditEvent.of(me.orgId(), me.userId().value(), "crews.review-policy.changed", "crews-review-policy")
                .with("significant", String.join(",", next.significant()));
        for (String k : ReviewPolicy.KINDS) {
            CrewDefinition.Threshold t = next.gate(k);
            e = e.with(k, t.minConfidence() + "/" + t.minMargin());
        }
        audit.record(e);
        return next;
    }
}
