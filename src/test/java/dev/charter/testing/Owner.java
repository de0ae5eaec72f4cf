package dev.charter.testing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** SQL as the database owner, for tests that must see or change what the application role cannot. */
public final class Owner {

    private Owner() {}

    public static JdbcClient jdbc(dev.charter.storage.DatabaseTarget t) {
        return JdbcClient.create(new DriverManagerDataSource(t.url(), t.ownerUser(),
                t.ownerPassword() == null ? "" : t.ownerPassword()));
    }
}
