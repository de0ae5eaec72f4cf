package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import dev.charter.vault.SecretRef;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One read-only query to a customer's PostgreSQL.
 *
 * @param purpose    what it is for, dotted ({@code perfcases.logs}); it selects the {@link EgressPolicy}
 * @param server     {@code postgresql://host[:port]/database}
 * @param credential the connection's credential in the vault, stored as {@code user:password}
 * @param sql        one statement; values only as {@code ?} parameters
 * @param params     the bound values (strings and numbers)
 * @param maxRows    the most rows read back; more are an error rather than a silent cut
 */
public record DatabaseQuery(String purpose, OrgId org, UserId actor, URI server, SecretRef credential, String sql,
                            List<Object> params, int maxRows) {

    public DatabaseQuery {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : List.copyOf(params);
        if (!"postgresql".equals(server.getScheme() == null ? null : server.getScheme().toLowerCase(Locale.ROOT))
                || server.getHost() == null || server.getRawPath() == null || !server.getRawPath().matches("/[A-Za-z0-9_-]{1,63}")) {
            throw new IllegalArgumentException("a database server is postgresql://host[:port]/database");
        }
        if (maxRows < 1 || maxRows > 10_000) {
            throw new IllegalArgumentException("read between 1 and 10000 rows");
        }
    }

    /** The database name from the server URI. */
    public String database() {
        return server.getRawPath().substring(1);
    }

    @Override
    public String toString() {
        return "DatabaseQuery[" + purpose + " " + server + "]";
    }
}
