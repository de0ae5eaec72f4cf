package dev.charter.storage;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * A small connection pool that connects as the cleanup role, which may only execute the audit
 * retention purge (claim AUD-4). It is deliberately not a {@link DataSource} bean, so nothing
 * receives it by accident: only a job that asks for this type by name gets it. The pool opens
 * no connection until it is first used.
 */
public final class CleanupDatabase implements AutoCloseable {

    private final HikariDataSource pool;
    private final String user;

    CleanupDatabase(HikariDataSource pool, String user) {
        this.pool = pool;
        this.user = user;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The role the pool connects as. */
    public String user() {
        return user;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "CleanupDatabase[user=" + user + "]";
    }
}
