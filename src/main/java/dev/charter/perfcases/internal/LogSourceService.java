package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.LogGrant;
import dev.charter.perfcases.LogSource;
import dev.charter.perfcases.LogSourceKind;
import dev.charter.perfcases.NewLogSource;
import dev.charter.perfcases.PerfLogs;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connect, revoke and read log sources (PRF-3, PRF-9). The credential goes to the vault in the same transaction as
 * the source row and leaves it in the same transaction as the revocation. Strict mode revokes every log source of the
 * organization at once and refuses new ones; while it is on, nothing is read from a log.
 */
@Service
class LogSourceService implements PerfLogs {

    static final String VAULT_PURPOSE = "perfcases.logs";
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");
    private static final Pattern DATABASE = Pattern.compile("/[A-Za-z0-9_-]{1,63}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final LogSourceRepository repo;
    private final CaseRepository cases;
    private final LogReaders readers;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    LogSourceService(LogSourceRepository repo, CaseRepository cases, LogReaders readers, Vault vault, AuditLog audit,
                     Clock clock, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.cases = cases;
        this.readers = readers;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<LogSource> list(OrgId org) {
        return repo.list(org);
    }

    @Override
    public LogSource connect(CurrentUser me, NewLogSource r) {
        try {
            me.requireAdmin();
            Map<String, String> errors = new LinkedHashMap<>();
            if (r.kind() == null) {
                errors.put("kind", "Choose SQL or LOKI.");
            }
            String label = r.label() == null ? "" : r.label().strip();
            if (label.isEmpty() || label.length() > 120) {
                errors.put("label", "Give the source a name of 1 to 120 characters.");
            }
            // a database is always read as a role with a password
            TelemetryAuth auth = r.kind() == LogSourceKind.SQL ? TelemetryAuth.BASIC
                    : r.auth() == null ? TelemetryAuth.NONE : r.auth();
            String address = r.kind() == null ? null : r.kind() == LogSourceKind.SQL ? database(r.address(), errors)
                    : http(r.address(), auth, errors);
            if (auth != TelemetryAuth.NONE && (r.secret() == null || r.secret().isBlank())) {
                errors.put("secret", auth == TelemetryAuth.BEARER ? "Give the bearer token." : "Give the password.");
            }
            String username = r.username() == null ? "" : r.username().strip();
            if (auth == TelemetryAuth.BASIC && (username.isEmpty() || username.contains(":") || username.length() > 200)) {
                errors.put("username", "Give the user or role name (without a colon).");
            }
            LogGrant grant = r.kind() == null ? null : grant(r.kind(), r.grant(), errors);
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            UUID id = UUID.randomUUID();
            tx.executeWithoutResult(s -> {
                if (repo.lockStrict(me.orgId())) {
                    throw new ConflictException("Strict mode is on: this organization grants no log access. Switch it off first.");
                }
                SecretRef ref = auth == TelemetryAuth.NONE ? null : store(me.orgId(), auth, username, r, label);
                repo.insert(me.orgId(), new LogSource(id, me.orgId(), r.kind(), label, address, auth, ref, grant, true,
                        clock.instant(), null), me.userId().value());
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.log-source.granted",
                                "log-source:" + id).with("kind", r.kind().name()).with("auth", auth.name())
                        .with("host", URI.create(address).getHost())
                        .with("credential", ref == null ? "none" : ref.credentialId().toString())
                        .with("grant", describe(r.kind(), grant)));
            });
            return repo.find(me.orgId(), id).orElseThrow();
        } finally {
            r.wipe();
        }
    }

    @Override
    public LogSource revoke(CurrentUser me, UUID id) {
        return tx.execute(s -> {
            LogSource c = repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("Log source"));
            me.requireAdmin();
            revokeLocked(me, c, "perfcases.log-source.revoked");
            return repo.find(me.orgId(), id).orElseThrow();
        });
    }

    @Override
    public boolean strict(OrgId org) {
        return repo.strict(org);
    }

    @Override
    public boolean setStrict(CurrentUser me, boolean strict) {
        me.requireAdmin();
        tx.executeWithoutResult(s -> {
            repo.setStrict(me.orgId(), strict, me.userId().value(), clock.instant());
            if (strict) {
                for (LogSource source : repo.list(me.orgId())) {
                    repo.lock(me.orgId(), source.id()).ifPresent(c -> revokeLocked(me, c, "perfcases.log-source.revoked"));
                }
            }
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.logs.strict",
                    "organization:" + me.orgId().value()).with("strict", Boolean.toString(strict)));
        });
        return strict;
    }

    @Override
    public LogAggregate read(CurrentUser me, UUID caseId, Read read) {
        cases.find(me.orgId(), caseId).orElseThrow(() -> new NotFoundException("Case"));
        if (read == null || read.sourceId() == null) {
            throw new InvalidInputException(Map.of("sourceId", "Name the log source to read."));
        }
        if (repo.strict(me.orgId())) {
            throw new ConflictException("Strict mode is on: this organization grants no log access.");
        }
        LogSource source = repo.find(me.orgId(), read.sourceId()).orElseThrow(() -> new NotFoundException("Log source"));
        if (!source.active()) {
            throw new ConflictException("This log source is revoked; nothing is read through it any more.");
        }
        LogAggregate aggregate = readers.read(source, read, caseId, me.userId());
        repo.insertAggregate(me.orgId(), aggregate, me.userId().value());
        return aggregate;
    }

    @Override
    public List<LogAggregate> aggregates(OrgId org, UUID caseId) {
        cases.find(org, caseId).orElseThrow(() -> new NotFoundException("Case"));
        return repo.aggregates(org, caseId);
    }

    private void revokeLocked(CurrentUser me, LogSource c, String action) {
        AuditEvent event = AuditEvent.of(me.orgId(), me.userId().value(), action, "log-source:" + c.id());
        if (c.credential() != null) {
            vault.delete(me.orgId(), c.credential());
            event = event.with("credential", c.credential().credentialId().toString());
        }
        if (c.active()) {
            repo.markRevoked(me.orgId(), c.id(), clock.instant());
            audit.record(event);
        }
    }

    static String describe(LogSourceKind kind, LogGrant g) {
        return kind == LogSourceKind.SQL
                ? "counts, percentiles and distributions of " + g.views().stream().map(v -> v.name() + " by " + v.groupBy()
                        + " of " + v.measures()).toList()
                : "LogQL metric queries grouped by " + g.groupBy();
    }

    private SecretRef store(OrgId org, TelemetryAuth auth, String username, NewLogSource r, String label) {
        return SourceCredentials.store(vault, org, VAULT_PURPOSE, auth, username, r.secret().chars(), label);
    }

    private static String database(String raw, Map<String, String> errors) {
        try {
            URI uri = new URI(raw == null ? "" : raw.strip());
            if (!"postgresql".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getRawPath() == null
                    || !DATABASE.matcher(uri.getRawPath()).matches()) {
                errors.put("address", "Give the database as postgresql://host[:port]/database, without user or options.");
                return null;
            }
            return new URI("postgresql", null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            errors.put("address", "This is not a valid address.");
            return null;
        }
    }

    private static String http(String raw, TelemetryAuth auth, Map<String, String> errors) {
        try {
            URI uri = new URI(raw == null ? "" : raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                errors.put("address", "Give Loki's address as https://host[:port][/path], without user, query or fragment.");
                return null;
            }
            if (scheme.equals("http") && auth != TelemetryAuth.NONE && !LOOPBACK.contains(uri.getHost())) {
                errors.put("address", "Use https: a credential over plain http would be readable on the network.");
                return null;
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null).toString();
        } catch (URISyntaxException e) {
            errors.put("address", "This is not a valid URL.");
            return null;
        }
    }

    private static LogGrant grant(LogSourceKind kind, LogGrant in, Map<String, String> errors) {
        if (kind == LogSourceKind.LOKI) {
            List<String> by = in == null || in.groupBy().isEmpty() ? List.of("service_name", "service_version", "level")
                    : in.groupBy().stream().map(s -> s == null ? "" : s.strip()).toList();
            if (by.size() > 10 || by.stream().anyMatch(l -> !LABEL.matcher(l).matches())) {
                errors.put("grant.groupBy", "Give up to 10 Loki label names to group by.");
            }
            return new LogGrant(List.of(), by);
        }
        if (in == null || in.views().isEmpty() || in.views().size() > 20) {
            errors.put("grant.views", "Grant 1 to 20 views, each with the columns to group by and the numeric columns to measure.");
            return null;
        }
        List<LogGrant.View> views = new ArrayList<>();
        for (LogGrant.View v : in.views()) {
            try {
                SqlAggregateQuery.viewName(v.name());
            } catch (InvalidInputException e) {
                errors.put("grant.views", "Name each view as schema.view, in lower-case letters, digits and _.");
                continue;
            }
            if (v.groupBy().size() > 20 || v.measures().size() > 20 || v.groupBy().stream().anyMatch(c -> c == null
                    || !COLUMN.matcher(c).matches()) || v.measures().stream().anyMatch(c -> c == null || !COLUMN.matcher(c).matches())) {
                errors.put("grant.views", "Name up to 20 group-by and 20 measured columns per view, in lower-case letters, digits and _.");
            }
            views.add(v);
        }
        return new LogGrant(views, List.of());
    }
}
