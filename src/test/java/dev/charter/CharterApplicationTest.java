package dev.charter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CharterTest
class CharterApplicationTest {

    @Autowired JdbcClient jdbc;

    @Test
    void runsOnARealPostgresAsTheApplicationRole() {
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("charter_app");
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    }
}
