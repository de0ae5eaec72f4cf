package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.CommittedAuditLog;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.CredentialUse;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.shared.ConflictException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The one way a telemetry query leaves Charter (AUD-5, PRF-9). For each query: the connection is read again and must
 * still be active (a revoked grant stops every query at once); the query text, the connection, the case and the
 * actor are appended to the audit log and committed; only then is the request handed to the egress gateway. When
 * the audit record cannot be written, the query is not sent.
 */
@Component
class AuditedQueries {

    static final String PURPOSE = "perfcases.telemetry";

    /** The audit record could not be written, so the query was not sent. */
    static final class NotAudited extends RuntimeException {
        NotAudited(RuntimeException cause) {
            super("The query was not sent: its audit record could not be written.", cause);
        }
    }

    private final TelemetryConnectionRepository connections;
    private final CommittedAuditLog audit;
    private final EgressGateway egress;

    AuditedQueries(TelemetryConnectionRepository connections, CommittedAuditLog audit, EgressGateway egress) {
        this.connections = connections;
        this.audit = audit;
        this.egress = egress;
    }

    /**
     * Audits, then sends {@code query} to the connection's source.
     *
     * @param caseId the case the query serves, or null for a detection pass
     * @param actor  the person who caused it, or null for the scheduler
     */
    EgressResponse send(OrgId org, UUID connectionId, TelemetryQuery query, UUID caseId, UserId actor) {
        TelemetryConnection c = active(org, connectionId);
        URI url = url(c.baseUrl(), query);
        record(org, "telemetry-connection:" + c.id(), query, caseId, actor);
        return egress.send(EgressRequest.builder(PURPOSE, org).actor(actor).method("GET").url(url)
                .header("Accept", "application/json").credential(credential(c)).build());
    }

    /**
     * Audits {@code query}, then POSTs {@code body} (the same query, encoded as the source's API wants it) to the
     * connection's base URL and the query's path; the query's parameters are audited but not put in the URL.
     */
    EgressResponse post(OrgId org, UUID connectionId, TelemetryQuery query, String contentType, byte[] body, UUID caseId,
                        UserId actor) {
        TelemetryConnection c = active(org, connectionId);
        URI url = url(c.baseUrl(), new TelemetryQuery(query.language(), query.path(), query.textParam(), null, Map.of()));
        record(org, "telemetry-connection:" + c.id(), query, caseId, actor);
        return egress.send(EgressRequest.builder(PURPOSE, org).actor(actor).method("POST").url(url)
                .header("Content-Type", contentType).header("Accept", contentType).body(body)
                .credential(credential(c)).build());
    }

    private TelemetryConnection active(OrgId org, UUID connectionId) {
        TelemetryConnection c = connections.find(org, connectionId).orElseThrow(() -> new NotFoundException("Telemetry connection"));
        if (!c.active()) {
            throw new ConflictException("This telemetry connection is revoked; nothing is read through it any more.");
        }
        return c;
    }

    private static CredentialUse credential(TelemetryConnection c) {
        return c.auth() == TelemetryAuth.NONE ? CredentialUse.none(c.baseUrl())
                : c.auth() == TelemetryAuth.BASIC ? CredentialUse.basic(c.credential(), c.baseUrl())
                : CredentialUse.bearer(c.credential(), c.baseUrl());
    }

    /**
     * Appends the query, verbatim, to the audit log and commits it; throws {@link NotAudited} when that fails, so the
     * caller does not send it. Every telemetry and log query passes here before it leaves.
     *
     * @param subject the grant it is sent through ({@code telemetry-connection:<id>}, {@code log-source:<id>})
     */
    void record(OrgId org, String subject, TelemetryQuery query, UUID caseId, UserId actor) {
        AuditEvent event = AuditEvent.of(org, actor == null ? null : actor.value(), "perfcases.query.sent", subject)
                .with("language", query.language()).with("path", query.path())
                .with("query", query.text() == null ? "" : query.text())
                .with("case", caseId == null ? "none" : caseId.toString());
        for (Map.Entry<String, String> p : query.params().entrySet()) {
            event = event.with("param." + p.getKey(), p.getValue());
        }
        try {
            audit.record(event);
        } catch (RuntimeException e) {
            throw new NotAudited(e);
        }
    }

    static URI url(URI base, TelemetryQuery q) {
        StringBuilder params = new StringBuilder();
        if (q.text() != null) {
            params.append(enc(q.textParam())).append('=').append(enc(q.text()));
        }
        String rest = q.params().entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        if (!rest.isEmpty()) {
            params.append(params.isEmpty() ? "" : "&").append(rest);
        }
        String path = (base.getPath() == null ? "" : base.getPath()) + q.path();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + (params.isEmpty() ? "" : "?" + params));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
