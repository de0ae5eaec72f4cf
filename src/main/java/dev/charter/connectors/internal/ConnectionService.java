package dev.charter.connectors.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionProbe;
import dev.charter.connectors.ConnectionStatus;
import dev.charter.connectors.Connections;
import dev.charter.connectors.NewConnection;
import dev.charter.egress.ImapServer;
import dev.charter.egress.SmtpServer;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialInfo;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections: create (optionally verified live first), verify, revoke. The credential goes to the vault in
 * the same transaction as the connection row, and leaves it in the same transaction as the revocation (VLT-5).
 */
@Service
class ConnectionService implements Connections {

    private final ConnectionRepository repo;
    private final ConnectionRequests requests;
    private final ConnectionProbe probe;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    ConnectionService(ConnectionRepository repo, ConnectionRequests requests, ConnectionProbe probe, Vault vault,
                      AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.requests = requests;
        this.probe = probe;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<Connection> list(OrgId org) {
        Map<UUID, CredentialInfo> credentials = vault.list(org).stream()
                .collect(Collectors.toMap(i -> i.ref().credentialId(), Function.identity()));
        return repo.list(org).stream().map(r -> view(r, r.credential() == null ? null : credentials.get(r.credential().credentialId())))
                .toList();
    }

    @Override
    public List<Connection> named(OrgId org, String label) {
        return repo.named(org, label).stream()
                .map(r -> view(r, r.credential() == null ? null : vault.info(org, r.credential()).orElse(null)))
                .toList();
    }

    @Override
    public Optional<Connection> find(OrgId org, ConnectionId id) {
        return repo.find(org, id).map(r -> view(r, r.credential() == null ? null : vault.info(org, r.credential()).orElse(null)));
    }

    @Override
    public Connection get(OrgId org, ConnectionId id) {
        return find(org, id).orElseThrow(() -> new NotFoundException("Connection"));
    }

    @Override
    public Connection create(CurrentUser me, NewConnection request, boolean verify) {
        try {
            me.requireAdmin();
            ConnectionRequests.Checked c = requests.check(request);
            if (verify && c.authScheme() == AuthScheme.AWS_SIGV4) {
                throw new InvalidInputException("verify", "Bedrock has no free request to check a key with: save it "
                        + "without the live check; the first AI request through it is the check.");
            }
            if (verify && c.kind() == dev.charter.connectors.ConnectionKind.MS_TEAMS) {
                throw new InvalidInputException("verify", "Graph has no request every app registration may make: save it "
                        + "without the live check; the first transcript fetched through it is the check.");
            }
            if (verify && c.authScheme() == AuthScheme.GOOGLE_SERVICE_ACCOUNT) {
                throw new InvalidInputException("verify", "Vertex AI has no free request to check a key with: save it "
                        + "without the live check; the first AI request through it is the check.");
            }
            if (verify && c.authScheme() == AuthScheme.NONE) {
                throw new InvalidInputException("verify", "Without a key there is nothing to check: save it without the "
                        + "live check; the first request through it is the check.");
            }
            ConnectionId id = ConnectionId.random();
            tx.executeWithoutResult(s -> {
                SecretRef ref = storeCredential(me.orgId(), c, request);
                repo.insert(me.orgId(), new ConnectionRepository.Row(id, me.orgId(), c.kind(), c.label(), c.baseUrl(),
                        c.authScheme(), c.headerName(), c.verifyPath(), c.scopes(), ref,
                        verify ? ConnectionStatus.FAILED_VERIFICATION : ConnectionStatus.ACTIVE,
                        verify ? "The live check did not finish." : null, me.userId().value(), clock.instant(), null, null,
                        c.smtpSecurity(), c.mailFrom(), c.imapSecurity()));
                if (!verify) {
                    created(me, id, c, ref);
                }
            });
            if (!verify) {
                return get(me.orgId(), id);
            }
            Connection saved = get(me.orgId(), id);
            ConnectionProbe.Result result = scrubbed(saved, probe.probe(saved, c.verifyPath(), me.userId()));
            if (result.ok()) {
                tx.executeWithoutResult(s -> {
                    repo.setStatus(me.orgId(), id, ConnectionStatus.ACTIVE, null, clock.instant());
                    created(me, id, c, saved.credential());
                    audit.record(event(me, "connectors.connection.verified", id));
                });
                return get(me.orgId(), id);
            }
            tx.executeWithoutResult(s -> {
                vault.delete(me.orgId(), saved.credential());
                repo.delete(me.orgId(), id);
                audit.record(event(me, "connectors.connection.rejected", id).with("reason", "verification failed"));
            });
            throw new InvalidInputException("verify", result.detail() + " Nothing was saved.");
        } finally {
            request.wipe();
        }
    }

    @Override
    public Connection verify(CurrentUser me, ConnectionId id) {
        ConnectionRepository.Row row = repo.find(me.orgId(), id).orElseThrow(() -> new NotFoundException("Connection"));
        me.requireAdmin();
        if (row.status() == ConnectionStatus.REVOKED) {
            throw new ConflictException("This connection is revoked; connect the service again instead.");
        }
        if (row.authScheme() == AuthScheme.NONE || row.authScheme() == AuthScheme.AWS_SIGV4
                || row.kind() == dev.charter.connectors.ConnectionKind.MS_TEAMS
                || row.authScheme() == AuthScheme.GOOGLE_SERVICE_ACCOUNT) {
            throw new ConflictException("This connection cannot be checked live; the first request through it is the check.");
        }
        Connection current = get(me.orgId(), id);
        ConnectionProbe.Result result = scrubbed(current, probe.probe(current, row.verifyPath(), me.userId()));
        tx.executeWithoutResult(s -> {
            if (result.ok()) {
                repo.setStatus(me.orgId(), id, ConnectionStatus.ACTIVE, null, clock.instant());
                audit.record(event(me, "connectors.connection.verified", id));
            } else {
                repo.setStatus(me.orgId(), id, ConnectionStatus.FAILED_VERIFICATION, result.detail(), null);
                audit.record(event(me, "connectors.connection.verification-failed", id));
            }
        });
        return get(me.orgId(), id);
    }

    @Override
    public Optional<Connection> revoke(CurrentUser me, ConnectionId id) {
        return tx.execute(s -> {
            ConnectionRepository.Row row = repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("Connection"));
            me.requireAdmin();
            if (row.status() == ConnectionStatus.REVOKED) {
                repo.delete(me.orgId(), id);
                audit.record(event(me, "connectors.connection.removed", id));
                return Optional.<Connection>empty();
            }
            AuditEvent revoked = event(me, "connectors.connection.revoked", id);
            if (row.credential() != null) {
                vault.delete(me.orgId(), row.credential());
                revoked = revoked.with("credential", row.credential().credentialId().toString());
            }
            repo.markRevoked(me.orgId(), id, clock.instant());
            audit.record(revoked);
            return find(me.orgId(), id);
        });
    }

    /** The probe's words, with any form of this organization's credentials cut out (they come from elsewhere). */
    private ConnectionProbe.Result scrubbed(Connection c, ConnectionProbe.Result result) {
        String detail = Details.scrub(result.detail(), vault.fingerprints(c.org()), vault.fingerprinter(c.org()));
        return new ConnectionProbe.Result(result.ok(), detail);
    }

    /** Stores the request's credential in the vault; null for a connection without one ({@link AuthScheme#NONE}). */
    private SecretRef storeCredential(OrgId org, ConnectionRequests.Checked c, NewConnection r) {
        if (c.authScheme() == AuthScheme.NONE) {
            return null;
        }
        String purpose = c.kind().vaultPurpose();
        String kind = switch (c.authScheme()) {
            case NONE, OAUTH2 -> throw new IllegalStateException("no credential to store");
            case BEARER -> CredentialKind.BEARER;
            case BASIC, AWS_SIGV4, OAUTH2_CLIENT_CREDENTIALS -> CredentialKind.BASIC;
            case GOOGLE_SERVICE_ACCOUNT -> "service-account";
            case HEADER -> CredentialKind.HEADER;
            case URL -> CredentialKind.WEBHOOK_URL;
        };
        String label = c.label();
        if (c.fernet()) {
            return vault.importFernet(org, purpose, kind, r.fernetToken(), r.fernetKey(), label);
        }
        char[] plain = c.authScheme() == AuthScheme.URL ? strip(r.webhookUrl().chars()) : strip(r.secret().chars());
        char[] stored = plain;
        if (c.authScheme() == AuthScheme.BASIC || c.authScheme() == AuthScheme.AWS_SIGV4
                || c.authScheme() == AuthScheme.OAUTH2_CLIENT_CREDENTIALS) {
            stored = new char[c.username().length() + 1 + plain.length];
            c.username().getChars(0, c.username().length(), stored, 0);
            stored[c.username().length()] = ':';
            System.arraycopy(plain, 0, stored, c.username().length() + 1, plain.length);
        }
        try {
            return vault.store(org, purpose, kind, stored, label);
        } finally {
            Arrays.fill(plain, '\0');
            Arrays.fill(stored, '\0');
        }
    }

    private void created(CurrentUser me, ConnectionId id, ConnectionRequests.Checked c, SecretRef ref) {
        audit.record(event(me, "connectors.connection.created", id).with("kind", c.kind().name())
                .with("auth", c.authScheme().name()).with("credential", ref == null ? "none" : ref.credentialId().toString())
                .with("host", c.baseUrl().getHost()));
    }

    private static AuditEvent event(CurrentUser me, String action, ConnectionId id) {
        return AuditEvent.of(me.orgId(), me.userId().value(), action, "connection:" + id);
    }

    /** Leading and trailing whitespace, as pasting often adds; the rest is kept exactly. */
    private static char[] strip(char[] chars) {
        int from = 0;
        int to = chars.length;
        while (from < to && Character.isWhitespace(chars[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(chars[to - 1])) {
            to--;
        }
        char[] out = Arrays.copyOfRange(chars, from, to);
        Arrays.fill(chars, '\0');
        return out;
    }

    private static Connection view(ConnectionRepository.Row r, CredentialInfo info) {
        return new Connection(r.id(), r.org(), r.kind(), r.label(), r.baseUrl(), r.authScheme(), r.headerName(), r.scopes(),
                r.status(), r.statusDetail(), r.credential(), info == null ? null : info.fingerprint(), r.createdAt(),
                r.verifiedAt(), info == null ? null : info.lastUsedAt(), r.revokedAt(), smtpServer(r), r.mailFrom(),
                r.imapSecurity() == null ? null : new ImapServer(r.baseUrl().getHost(), r.baseUrl().getPort(), r.imapSecurity()));
    }

    private static SmtpServer smtpServer(ConnectionRepository.Row r) {
        return r.smtpSecurity() == null ? null : new SmtpServer(r.baseUrl().getHost(), r.baseUrl().getPort(), r.smtpSecurity());
    }
}
