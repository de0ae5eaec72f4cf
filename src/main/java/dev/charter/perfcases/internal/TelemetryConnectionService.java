package dev.charter.perfcases.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.NewTelemetryConnection;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryConnections;
import dev.charter.perfcases.VersionSource;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
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
 * Connect and revoke telemetry sources (PRF-9). The credential goes to the vault in the same transaction as the
 * connection row and leaves it in the same transaction as the revocation.
 */
@Service
class TelemetryConnectionService implements TelemetryConnections {

    static final String VAULT_PURPOSE = "perfcases.telemetry";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final TelemetryConnectionRepository repo;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    TelemetryConnectionService(TelemetryConnectionRepository repo, Vault vault, AuditLog audit, Clock clock,
                               PlatformTransactionManager transactions) {
        this.repo = repo;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<TelemetryConnection> list(OrgId org) {
        return repo.list(org);
    }

    @Override
    public TelemetryConnection get(OrgId org, UUID id) {
        return repo.find(org, id).orElseThrow(() -> new NotFoundException("Telemetry connection"));
    }

    @Override
    public TelemetryConnection connect(CurrentUser me, NewTelemetryConnection r) {
        try {
            me.requireAdmin();
            Map<String, String> errors = new LinkedHashMap<>();
            if (r.kind() == null) {
                errors.put("kind", "Choose PROMETHEUS, TEMPO, JAEGER or PYROSCOPE.");
            }
            String label = r.label() == null ? "" : r.label().strip();
            if (label.isEmpty() || label.length() > 120) {
                errors.put("label", "Give the connection a name of 1 to 120 characters.");
            }
            TelemetryAuth auth = r.auth() == null ? TelemetryAuth.NONE : r.auth();
            URI base = baseUrl(r.baseUrl(), auth, errors);
            if (auth != TelemetryAuth.NONE && (r.secret() == null || r.secret().isBlank())) {
                errors.put("secret", auth == TelemetryAuth.BASIC ? "Give the password." : "Give the bearer token.");
            }
            String username = r.username() == null ? "" : r.username().strip();
            if (auth == TelemetryAuth.BASIC && (username.isEmpty() || username.contains(":") || username.length() > 200)) {
                errors.put("username", "Give the user name (without a colon).");
            }
            MetricGrant grant = grant(r.grant(), errors);
            DetectionSettings detection = detection(r.detection(), errors);
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            UUID id = UUID.randomUUID();
            tx.executeWithoutResult(s -> {
                SecretRef ref = auth == TelemetryAuth.NONE ? null : store(me.orgId(), auth, username, r, label);
                repo.insert(me.orgId(), new TelemetryConnection(id, me.orgId(), r.kind(), label, base, auth, ref, grant,
                        detection, true, clock.instant(), null, null), me.userId().value());
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.connection.granted",
                                "telemetry-connection:" + id).with("kind", r.kind().name()).with("auth", auth.name())
                        .with("host", base.getHost()).with("credential", ref == null ? "none" : ref.credentialId().toString())
                        .with("grant", describe(r.kind(), grant)));
            });
            return get(me.orgId(), id);
        } finally {
            r.wipe();
        }
    }

    @Override
    public TelemetryConnection revoke(CurrentUser me, UUID id) {
        return tx.execute(s -> {
            TelemetryConnection c = repo.lock(me.orgId(), id).orElseThrow(() -> new NotFoundException("Telemetry connection"));
            me.requireAdmin();
            AuditEvent event = AuditEvent.of(me.orgId(), me.userId().value(), "perfcases.connection.revoked",
                    "telemetry-connection:" + id);
            if (c.credential() != null) {
                vault.delete(me.orgId(), c.credential());
                event = event.with("credential", c.credential().credentialId().toString());
            }
            if (c.active()) {
                repo.markRevoked(me.orgId(), id, clock.instant());
                audit.record(event);
            }
            return repo.find(me.orgId(), id).orElseThrow();
        });
    }

    static String describe(dev.charter.perfcases.TelemetryKind kind, MetricGrant g) {
        if (kind.profiles()) {
            return "stack frames and sample values of CPU profiles by service_name and service_version; no label, "
                    + "thread name, file name or address";
        }
        if (kind.traces()) {
            // a trace grant is fixed: the metric names and labels of the row do not apply to it
            return "span names, durations, status, service.name and service.version; other attributes only by keys "
                    + "approved per case";
        }
        return "aggregates of " + g.latencyMetric() + (g.cpuMetric() == null ? "" : " and " + g.cpuMetric()) + " by "
                + g.serviceLabel() + ", " + g.versionLabel() + (g.versionSource() == VersionSource.TARGET_INFO
                ? " (from target_info)" : "");
    }

    private SecretRef store(OrgId org, TelemetryAuth auth, String username, NewTelemetryConnection r, String label) {
        return SourceCredentials.store(vault, org, VAULT_PURPOSE, auth, username, r.secret().chars(), label);
    }

    private static URI baseUrl(String raw, TelemetryAuth auth, Map<String, String> errors) {
        return httpBase("baseUrl", raw, auth != TelemetryAuth.NONE, errors);
    }

    /**
     * An absolute http(s) URL without user, query or fragment, its trailing slashes cut; when a credential goes to it,
     * plain http only to this machine. Errors (under {@code field}) never echo the URL.
     */
    static URI httpBase(String field, String raw, boolean credential, Map<String, String> errors) {
        try {
            URI uri = new URI(raw == null ? "" : raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                errors.put(field, "Give the address as https://host[:port][/path], without user, query or fragment.");
                return null;
            }
            if (scheme.equals("http") && credential && !LOOPBACK.contains(uri.getHost())) {
                errors.put(field, "Use https: a credential over plain http would be readable on the network.");
                return null;
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            errors.put(field, "This is not a valid URL.");
            return null;
        }
    }

    private static MetricGrant grant(MetricGrant in, Map<String, String> errors) {
        MetricGrant d = MetricGrant.defaults();
        MetricGrant g = in == null ? d : new MetricGrant(or(in.serviceLabel(), d.serviceLabel()),
                or(in.versionLabel(), d.versionLabel()), in.versionSource() == null ? d.versionSource() : in.versionSource(),
                or(in.latencyMetric(), d.latencyMetric()), or(in.statusLabel(), d.statusLabel()),
                in.cpuMetric() == null ? d.cpuMetric() : in.cpuMetric().isBlank() ? null : in.cpuMetric().strip());
        check(errors, "grant.serviceLabel", g.serviceLabel(), LABEL_NAME, "a Prometheus label name");
        check(errors, "grant.versionLabel", g.versionLabel(), LABEL_NAME, "a Prometheus label name");
        check(errors, "grant.statusLabel", g.statusLabel(), LABEL_NAME, "a Prometheus label name");
        check(errors, "grant.latencyMetric", g.latencyMetric(), METRIC_NAME, "a Prometheus metric name");
        if (g.cpuMetric() != null) {
            check(errors, "grant.cpuMetric", g.cpuMetric(), METRIC_NAME, "a Prometheus metric name");
        }
        if (g.serviceLabel().equals(g.versionLabel()) || g.serviceLabel().equals("le") || g.versionLabel().equals("le")) {
            errors.put("grant.versionLabel", "The service and version labels must differ from each other and from le.");
        }
        return g;
    }

    private static DetectionSettings detection(DetectionSettings in, Map<String, String> errors) {
        DetectionSettings d = DetectionSettings.defaults();
        DetectionSettings s = in == null ? d : new DetectionSettings(in.lookback() == null ? d.lookback() : in.lookback(),
                in.step() == null ? d.step() : in.step(), in.minSamples() == null ? d.minSamples() : in.minSamples(),
                in.minEffect() == null ? d.minEffect() : in.minEffect(), in.alpha() == null ? d.alpha() : in.alpha(),
                in.checkEvery() == null ? d.checkEvery() : in.checkEvery());
        if (s.lookback().compareTo(Duration.ofMinutes(1)) < 0 || s.lookback().compareTo(Duration.ofDays(7)) > 0) {
            errors.put("detection.lookback", "Read back between one minute and seven days.");
        }
        if (s.step().toSeconds() < 1 || s.step().compareTo(Duration.ofHours(1)) > 0 || s.step().compareTo(s.lookback()) >= 0) {
            errors.put("detection.step", "A step of one second to one hour, shorter than the lookback.");
        }
        if (s.minSamples() < 3 || s.minSamples() > 10000) {
            errors.put("detection.minSamples", "Between 3 and 10000 samples per version.");
        }
        if (!(s.minEffect() > 0 && s.minEffect() < 10)) {
            errors.put("detection.minEffect", "A relative change above 0 (0.05 is 5 %).");
        }
        if (!(s.alpha() > 0 && s.alpha() < 0.5)) {
            errors.put("detection.alpha", "A significance level between 0 and 0.5 (0.01 is usual).");
        }
        if (s.checkEvery().toSeconds() < 1 || s.checkEvery().compareTo(Duration.ofDays(1)) > 0) {
            errors.put("detection.checkEvery", "Check between every second and once a day.");
        }
        return s;
    }

    private static void check(Map<String, String> errors, String field, String value, Pattern p, String what) {
        if (value == null || !p.matcher(value).matches()) {
            errors.put(field, "Give " + what + ".");
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
