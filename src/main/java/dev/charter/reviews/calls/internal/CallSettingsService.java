package dev.charter.reviews.calls.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.SecretValue;
import dev.charter.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Call analysis settings (REV-4): off until an admin attests consent; turning it off stops ingestion at once and,
 * if the admin chooses, deletes every analysed call in the same transaction. Also the organization's own email
 * domains (REV-6) and the call providers' connections and webhook secrets (the secrets go to the vault).
 */
@Service
public class CallSettingsService {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private final CallSettingsRepository repo;
    private final CallDeletion deletion;
    private final Connections connections;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    CallSettingsService(CallSettingsRepository repo, CallDeletion deletion, Connections connections, Vault vault,
                        AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.deletion = deletion;
        this.connections = connections;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    public CallSettings settings(OrgId org) {
        return repo.get(org);
    }

    /** Refuses with 409 unless call analysis is on: syncs and manual fetches call this first. */
    public CallSettings requireEnabled(OrgId org) {
        CallSettings s = repo.get(org);
        if (!s.enabled()) {
            throw new ConflictException("Call analysis is off for this organization; an admin can turn it on in the call "
                    + "settings by giving the consent attestation.");
        }
        return s;
    }

    /**
     * Turns call analysis on. The admin must confirm the attestation whose version they were shown, and it must be the
     * current one; the audit log records the text, its version and its SHA-256, who and when.
     */
    public CallSettings enable(CurrentUser me, String version, boolean confirmed) {
        me.requireAdmin();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!confirmed) {
            errors.put("confirm", "Tick the box to confirm the attestation; call analysis stays off without it.");
        }
        if (!Attestation.VERSION.equals(version)) {
            errors.put("version", "The attestation has changed since the page was shown; read the current text ("
                    + Attestation.VERSION + ") and confirm again.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return tx.execute(s -> {
            repo.lock(me.orgId());
            Instant now = clock.instant();
            repo.enable(me.orgId(), me.userId().value(), now, Attestation.VERSION, Attestation.sha256());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.calls.consent.enabled", "calls-settings")
                    .with("version", Attestation.VERSION).with("sha256", Attestation.sha256())
                    .with("text", Attestation.TEXT).with("at", now.toString()));
            return repo.get(me.orgId());
        });
    }

    /**
     * Turns call analysis off at once: from the commit on, webhooks are answered but nothing is stored and syncs are
     * refused. With {@code deleteAnalysed}, every call of the organization (analysis and signals) is deleted in the
     * same transaction, each journalled for restores.
     *
     * @return how many calls were deleted
     */
    public int disable(CurrentUser me, boolean deleteAnalysed) {
        me.requireAdmin();
        return tx.execute(s -> {
            CallSettings current = repo.lock(me.orgId());
            repo.disable(me.orgId(), me.userId().value(), clock.instant());
            int deleted = deleteAnalysed ? deletion.deleteAll(me) : 0;
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.calls.consent.disabled", "calls-settings")
                    .with("wasEnabled", Boolean.toString(current.enabled()))
                    .with("deleteAnalysed", Boolean.toString(deleteAnalysed)).with("callsDeleted", Integer.toString(deleted)));
            return deleted;
        });
    }

    /** The organization's own email domains, lower case, without duplicates; refused whole if one is not a domain. */
    public CallSettings domains(CurrentUser me, List<String> given) {
        me.requireAdmin();
        LinkedHashSet<String> domains = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String d : given == null ? List.<String>of() : given) {
            String v = d == null ? "" : d.strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("@")) {
                v = v.substring(1);
            }
            if (v.isEmpty()) {
                continue;
            }
            if (DOMAIN.matcher(v).matches()) {
                domains.add(v);
            } else {
                bad.add(v.length() > 60 ? v.substring(0, 60) + "…" : v);
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidInputException("domains", "Not an email domain: " + String.join(", ", bad)
                    + ". Give domains like example.com, one per line.");
        }
        if (domains.size() > 100) {
            throw new InvalidInputException("domains", "List at most 100 domains; subdomains are included by their parent.");
        }
        return tx.execute(s -> {
            repo.lock(me.orgId());
            repo.domains(me.orgId(), List.copyOf(domains), clock.instant());
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.calls.domains.changed", "calls-settings")
                    .with("domains", String.join(",", domains)));
            return repo.get(me.orgId());
        });
    }

    /**
     * Which connections the call providers use, and their webhook secrets (Zoom's secret token, Aircall's webhook
     * token). A blank secret keeps the stored one; a removed connection drops its secret from the vault.
     */
    public CallSettings connections(CurrentUser me, UUID zoom, SecretValue zoomSecret, UUID aircall, SecretValue aircallToken,
                                    UUID teams) {
        me.requireAdmin();
        try {
            Map<String, String> errors = new LinkedHashMap<>();
            check(me.orgId(), zoom, ConnectionKind.ZOOM, "zoomConnection", errors);
            check(me.orgId(), aircall, ConnectionKind.AIRCALL, "aircallConnection", errors);
            check(me.orgId(), teams, ConnectionKind.MS_TEAMS, "teamsConnection", errors);
            secretShape(zoomSecret, "zoomSecret", errors);
            secretShape(aircallToken, "aircallToken", errors);
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            return tx.execute(s -> {
                CallSettings current = repo.lock(me.orgId());
                UUID zoomSecretId = secret(me.orgId(), zoom, zoomSecret, current.zoomSecretId(), "Zoom webhook secret token");
                UUID aircallTokenId = secret(me.orgId(), aircall, aircallToken, current.aircallTokenId(), "Aircall webhook token");
                repo.connections(me.orgId(), zoom, zoomSecretId, aircall, aircallTokenId, teams, clock.instant());
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "reviews.calls.connections.changed", "calls-settings")
                        .with("zoom", String.valueOf(zoom)).with("aircall", String.valueOf(aircall))
                        .with("teams", String.valueOf(teams)));
                return repo.get(me.orgId());
            });
        } finally {
            if (zoomSecret != null) {
                zoomSecret.wipe();
            }
            if (aircallToken != null) {
                aircallToken.wipe();
            }
        }
    }

    static SecretRef ref(OrgId org, UUID id) {
        return id == null ? null : new SecretRef(org, id, CallSettingsRepository.SECRET_PURPOSE);
    }

    private UUID secret(OrgId org, UUID connection, SecretValue given, UUID stored, String label) {
        boolean replace = given != null && !given.isBlank();
        if (stored != null && (connection == null || replace)) {
            vault.delete(org, ref(org, stored));
            stored = null;
        }
        if (connection != null && replace) {
            stored = vault.store(org, CallSettingsRepository.SECRET_PURPOSE, "webhook-secret", given, label).credentialId();
        }
        return stored;
    }

    private void check(OrgId org, UUID id, ConnectionKind kind, String field, Map<String, String> errors) {
        if (id == null) {
            return;
        }
        Connection c = connections.find(org, new ConnectionId(id)).orElse(null);
        if (c == null || c.kind() != kind || !c.usable()) {
            errors.put(field, "Choose an active " + kind.title() + " connection of this organization.");
        }
    }

    private static void secretShape(SecretValue v, String field, Map<String, String> errors) {
        if (v != null && !v.isBlank() && (v.length() > 512 || v.length() < 8)) {
            errors.put(field, "The secret is 8 to 512 characters; paste it as the provider shows it.");
        }
    }
}
