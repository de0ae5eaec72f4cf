package dev.charter.egress.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.MailRequest;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one audit event per decision: {@code egress.request.allowed} or {@code egress.request.denied}, with
 * purpose, method, scheme, host, port, path (secrets in it replaced by their kind), the reason, the hop number and,
 * when allowed, the address connected to. Never the query string, header values or the body.
 */
final class EgressAudit {

    /** What is known about a hop when it is decided; fields may be null before the URL could be parsed. */
    record Facts(int hop, String scheme, String host, Integer port, String method, String path, boolean queryPresent) {}

    private final AuditLog log;

    /** @param log an audit log that commits on its own, independent of the caller's transaction */
    EgressAudit(AuditLog log) {
        this.log = log;
    }

    void allowed(EgressRequest r, Facts f, String reason, String address, String credentialId, String dlp) {
        Map<String, String> d = common(r, f, "allowed", reason);
        d.put("address", address);
        if (credentialId != null) {
            d.put("credential", credentialId);
        }
        if (dlp != null && !dlp.isEmpty()) {
            d.put("dlp", dlp);
        }
        write(r, f, "egress.request.allowed", d);
    }

    void denied(EgressRequest r, Facts f, String reason) {
        denied(r, f, reason, Map.of());
    }

    /** @param extra further safe details, such as DLP finding kinds and the ids of stored credentials found */
    void denied(EgressRequest r, Facts f, String reason, Map<String, String> extra) {
        Map<String, String> d = common(r, f, "denied", reason);
        d.putAll(extra);
        write(r, f, "egress.request.denied", d);
    }

    /**
     * A mail decision: the same actions as HTTP, with scheme smtp/smtps, method SMTP, the security mode and the
     * number of recipients. Never the addresses, subject or body.
     */
    void mailAllowed(MailRequest r, Facts f, String reason, String address, String credentialId, String dlp) {
        Map<String, String> d = common(r.purpose(), f, "allowed", reason);
        d.put("security", r.server().security().name());
        d.put("recipients", Integer.toString(r.to().size()));
        d.put("address", address);
        if (credentialId != null) {
            d.put("credential", credentialId);
        }
        if (dlp != null && !dlp.isEmpty()) {
            d.put("dlp", dlp);
        }
        write(r.org(), r.actor(), f, "egress.request.allowed", d);
    }

    /** A refused mail or SMTP check; {@code extra} holds further safe details (DLP kinds, credential ids). */
    void mailDenied(String purpose, OrgId org, UserId actor, Facts f, String reason, Map<String, String> extra) {
        Map<String, String> d = common(purpose, f, "denied", reason);
        d.putAll(extra);
        write(org, actor, f, "egress.request.denied", d);
    }

    /** A request a sandboxed session's proxy refused before it reached the gateway (token, grants, rules). */
    void proxyDenied(String purpose, OrgId org, Facts f, String reason, String sessionId) {
        Map<String, String> d = common(purpose, f, "denied", reason);
        d.put("via", "session-proxy");
        d.put("session", sessionId);
        write(org, null, f, "egress.request.denied", d);
    }

    /** An SMTP check (no mail) that passed every rule. */
    void checkAllowed(String purpose, OrgId org, UserId actor, Facts f, String reason, String address, String credentialId) {
        Map<String, String> d = common(purpose, f, "allowed", reason);
        d.put("address", address);
        d.put("credential", credentialId);
        write(org, actor, f, "egress.request.allowed", d);
    }

    private static Map<String, String> common(EgressRequest r, Facts f, String decision, String reason) {
        return common(r.purpose(), f, decision, reason);
    }

    private static Map<String, String> common(String purpose, Facts f, String decision, String reason) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("purpose", purpose);
        d.put("decision", decision);
        d.put("reason", reason);
        d.put("hop", Integer.toString(f.hop()));
        put(d, "method", f.method());
        put(d, "scheme", f.scheme());
        put(d, "host", f.host());
        put(d, "port", f.port() == null ? null : f.port().toString());
        put(d, "path", f.path());
        if (f.queryPresent()) {
            d.put("query", "omitted");
        }
        return d;
    }

    private void write(EgressRequest r, Facts f, String action, Map<String, String> details) {
        write(r.org(), r.actor(), f, action, details);
    }

    private void write(OrgId org, UserId actor, Facts f, String action, Map<String, String> details) {
        log.record(new AuditEvent(org, actor == null ? null : actor.value(), null, action,
                f.host() == null ? null : "host:" + f.host(), details));
    }

    private static void put(Map<String, String> d, String k, String v) {
        if (v != null) {
            d.put(k, v);
        }
    }
}
