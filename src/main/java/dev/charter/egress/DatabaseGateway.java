package dev.charter.egress;

/**
 * The only way Charter opens a connection to a database that is not its own: a customer's PostgreSQL, read through
 * a role the customer granted. The same guarantees as {@link EgressGateway}: a policy per purpose
 * ({@link Destination#postgresql()}: the connection's own host, port and database), the address check on the
 * resolved address and a connection to exactly that address, TLS unless the address lies in a range the operator
 * allowed, rate limits, an audit record of each decision (never the query's values or the credential), and the
 * credential decrypted only after every check passed.
 *
 * <p>Each query runs in its own read-only transaction with a statement timeout and a row limit, and is rolled back.
 * Throws {@link EgressDeniedException} when Charter refused before connecting, {@link EgressFailedException} when the
 * server could not be reached, refused the login or the query (the database's own permissions answer here).
 */
public interface DatabaseGateway {

    DatabaseRows query(DatabaseQuery query);
}
