package dev.charter.egress.internal;

import dev.charter.egress.DatabaseGateway;
import dev.charter.egress.DatabaseQuery;
import dev.charter.egress.DatabaseRows;
import dev.charter.egress.Destination;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of the gateway. For every query, in this order: the credential belongs to the organization, the
 * purpose's allowlist ({@link Destination#postgresql()}: the connection's own host, port and database), DNS (once),
 * the address check on every resolved address, the rate limit; then the audit record, and only then the credential is
 * decrypted and a session opened to the checked address: TLS required unless the address lies in a range the
 * operator allowed, read-only, with a statement timeout, one statement, rolled back. Any refusal is audited and
 * thrown as {@link EgressDeniedException} before a byte leaves.
 */
final class DefaultDatabaseGateway implements DatabaseGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultDatabaseGateway.class);

    private final PolicyEngine policies;
    private final HostResolver resolver;
    private final RateLimits rates;
    private final CredentialAccess credentials;
    private final EgressAudit audit;
    private final Driver driver;

    DefaultDatabaseGateway(PolicyEngine policies, HostResolver resolver, RateLimits rates, CredentialAccess credentials,
                           EgressAudit audit, Driver driver) {
        this.policies = policies;
        this.resolver = resolver;
        this.rates = rates;
        this.credentials = credentials;
        this.audit = audit;
        this.driver = driver;
    }

    @Override
    public DatabaseRows query(DatabaseQuery q) {
        String host = PolicyEngine.normalizeHost(q.server().getHost());
        int port = PolicyEngine.effectivePort(q.server());
        EgressAudit.Facts facts = new EgressAudit.Facts(0, "postgresql", host, port, Destination.DATABASE_METHOD,
                q.server().getRawPath(), false);
        java.util.function.Function<String, EgressDeniedException> deny = reason -> {
            audit.mailDenied(q.purpose(), q.org(), q.actor(), facts, reason, Map.of());
            log.info("Egress denied for purpose {}: {}", q.purpose(), reason);
            return new EgressDeniedException(reason);
        };
        if (!q.credential().org().equals(q.org())) {
            throw deny.apply("the credential does not belong to the organization the query is sent for");
        }
        String credentialId = credentials.id(q.credential());
        Target target = new Target(q.purpose(), "postgresql", host, port, Destination.DATABASE_METHOD,
                q.server().getRawPath(), q.server());
        PolicyDecision pre = policies.precheck(target);
        if (!pre.allowed()) {
            throw deny.apply(pre.reason());
        }
        ResolvedAddresses resolved;
        try {
            byte[] literal = Cidr.literal(host);
            resolved = new ResolvedAddresses(host, literal != null
                    ? List.of(InetAddress.getByAddress(literal)) : resolver.resolve(host));
        } catch (UnknownHostException e) {
            throw deny.apply("host " + host + " does not resolve");
        }
        PolicyDecision decision = policies.decide(target, resolved);
        if (!decision.allowed()) {
            throw deny.apply(decision.reason());
        }
        EgressPolicy policy = decision.policy();
        int perMinute = policy.limits().requestsPerMinute();
        if (!rates.tryAcquire(q.org() + "|" + q.purpose() + "|" + host, perMinute)) {
            throw deny.apply("more than " + perMinute + " requests per minute to " + host + " for purpose '"
                    + q.purpose() + "'");
        }
        InetAddress address = resolved.first();
        boolean plainAllowed = policies.operatorAllowedAll(resolved);
        audit.checkAllowed(q.purpose(), q.org(), q.actor(), facts, decision.reason(), address.getHostAddress(), credentialId);
        log.debug("Egress allowed: {} postgresql {}", q.purpose(), host);
        try {
            return credentials.use(q.org(), q.credential(), secret -> run(q, address, port, plainAllowed, policy, secret));
        } catch (IOException e) {
            throw new EgressFailedException("The database at " + host + " could not be read: " + e.getMessage(), e);
        }
    }

    private DatabaseRows run(DatabaseQuery q, InetAddress address, int port, boolean plainAllowed, EgressPolicy policy,
                             byte[] secret) throws IOException {
        String value = new String(secret, StandardCharsets.UTF_8);
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IOException("the credential is not user:password");
        }
        Properties props = new Properties();
        props.setProperty("user", value.substring(0, colon));
        props.setProperty("password", value.substring(colon + 1));
        props.setProperty("sslmode", plainAllowed ? "prefer" : "require");
        long timeoutSeconds = Math.max(1, policy.limits().timeout().toSeconds());
        props.setProperty("connectTimeout", Long.toString(Math.max(1, policy.limits().connectTimeout().toSeconds())));
        props.setProperty("socketTimeout", Long.toString(timeoutSeconds + 5));
        props.setProperty("readOnly", "true");
        props.setProperty("ApplicationName", "Charter");
        String ip = address.getHostAddress();
        String url = "jdbc:postgresql://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port + "/" + q.database();
        try (Connection c = driver.connect(url, props)) {
            if (c == null) {
                throw new IOException("no PostgreSQL driver for the address");
            }
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(q.sql())) {
                st.setQueryTimeout((int) timeoutSeconds);
                st.setMaxRows(q.maxRows() + 1);
                for (int i = 0; i < q.params().size(); i++) {
                    st.setObject(i + 1, q.params().get(i));
                }
                try (ResultSet rs = st.executeQuery()) {
                    return read(rs, q.maxRows());
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            // class 42 (permission denied, unknown column) names objects only, so its message says why; any other
            // message might quote a value read from the data, so only its SQLSTATE is kept
            String state = e.getSQLState() == null ? "unknown" : e.getSQLState();
            throw new IOException("SQLSTATE " + state + (state.startsWith("42") || state.startsWith("28")
                    ? ": " + firstLine(e.getMessage()) : ""));
        }
    }

    private static DatabaseRows read(ResultSet rs, int maxRows) throws SQLException, IOException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw new IOException("the answer has more than " + maxRows + " rows");
            }
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(value(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new DatabaseRows(columns, rows);
    }

    private static Object value(Object o) throws SQLException {
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Double) {
            return o;
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short) {
            return ((Number) o).longValue();
        }
        if (o instanceof Number n) {
            return n instanceof BigDecimal b && b.scale() <= 0 && b.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) b.longValue() : (Object) n.doubleValue();
        }
        if (o instanceof Array a) {
            List<Object> out = new ArrayList<>();
            for (Object e : (Object[]) a.getArray()) {
                out.add(value(e));
            }
            return out;
        }
        return o.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
