package dev.charter.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A connection pool whose commits do not wait for the WAL flush ({@code synchronous_commit = off}),
 * for writes that a crash may lose without breaking a promise because re-running repairs them: job
 * claims and completions, and the records a run writes while it executes (a lost completion
 * re-runs the job: at least once). Never for anything acknowledged to a caller as stored, such as
 * an accepted delivery or an enqueued job.
 */
public final class RelaxedJdbc implements AutoCloseable {

    private final HikariDataSource pool;
    private final JdbcClient client;

    RelaxedJdbc(HikariDataSource pool) {
        this.pool = pool;
        this.client = JdbcClient.create(pool);
    }

    public JdbcClient client() {
        return client;
    }

    /** Closes the pool with the application context, so a context that stops leaves no connection behind. */
    @Override
    public void close() {
        pool.close();
    }
}
