package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.charter.storage.DatabaseTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Direct database access for audit tests: as the owner (a role without superuser rights on the
 * embedded server), and as an attacker with superuser rights who switches triggers off for
 * their session ({@code session_replication_role = replica}): on the embedded server the
 * superuser {@code postgres}, whose password an attacker who can read the data folder has.
 */
final class AuditDb {

    private final DatabaseTarget target;

    AuditDb(DatabaseTarget target) {
        this.target = target;
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(target.url(), target.ownerUser(), target.ownerPassword() == null ? "" : target.ownerPassword());
    }

    JdbcClient ownerClient() {
        return JdbcClient.create(new SingleConnectionDataSource(target.url(), target.ownerUser(),
                target.ownerPassword() == null ? "" : target.ownerPassword(), true));
    }

    boolean ownerIsSuperuser() {
        return ownerClient().sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single();
    }

    /** Runs {@code work} as a superuser whose triggers are off: exactly what an attacker with superuser can do. */
    void asAttacker(Consumer<JdbcClient> work) {
        String user = target.ownerUser();
        String password = target.ownerPassword() == null ? "" : target.ownerPassword();
        if (!ownerIsSuperuser()) {
            String[] superuser = dev.charter.storage.EmbeddedSuperuser.login(target).orElse(null);
            Assumptions.assumeTrue(superuser != null, "tampering needs a superuser (the embedded server's postgres)");
            user = superuser[0];
            password = superuser[1];
        }
        SingleConnectionDataSource ds = new SingleConnectionDataSource(target.url(), user, password, true);
        try {
            JdbcClient jdbc = JdbcClient.create(ds);
            jdbc.sql("set session_replication_role = replica").update();
            work.accept(jdbc);
            jdbc.sql("set session_replication_role = origin").update();
        } finally {
            ds.destroy();
        }
    }

    /** Executes one statement on a connection of {@code ds} and answers the SQLException it must raise. */
    static SQLException refused(DataSource ds, String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        assertThat((Object) e).as("the database must refuse: " + sql).isNotNull();
        return e;
    }

    static SQLException refused(Connection c, String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        assertThat((Object) e).as("the database must refuse: " + sql).isNotNull();
        return e;
    }
}
