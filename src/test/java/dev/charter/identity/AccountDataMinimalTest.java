package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** ACC-6: accounts hold only email, optional display name, organization; phone and company optional. */
@CharterTest
class AccountDataMinimalTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:ACC-6")
    void theUserTableHoldsOnlyWhatIsNeeded() {
        var columns = jdbc.sql("""
                select column_name from information_schema.columns
                where table_schema = 'public' and table_name = 'identity_user'""").query(String.class).set();
        assertThat(columns).containsExactlyInAnyOrder("id", "email", "display_name", "phone", "company",
                "password_hash", "created_at", "updated_at");
        var nullable = jdbc.sql("""
                select column_name from information_schema.columns
                where table_schema = 'public' and table_name = 'identity_user' and is_nullable = 'YES'""")
                .query(String.class).set();
        assertThat(nullable).as("name, phone and company are optional").containsExactlyInAnyOrder("display_name", "phone", "company");
        var orgColumns = jdbc.sql("""
                select column_name from information_schema.columns
                where table_schema = 'public' and table_name = 'identity_organization'""").query(String.class).set();
        assertThat(orgColumns).containsExactlyInAnyOrder("id", "name", "created_at");
    }

    @Test
    @Tag("claim:ACC-6")
    void signUpNeedsOnlyEmailPasswordAndOrganization() {
        Http h = new Http(port);
        String email = "min-" + UUID.randomUUID() + "@example.test";
        var r = h.postJson("/api/v1/auth/signup", Map.of("email", email, "password", "a long enough password",
                "organization", "Minimal"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().has("phone")).isFalse();
        assertThat(r.json().has("company")).isFalse();

        var bad = h.postJson("/api/v1/auth/signup", Map.of("email", "not-an-email", "password", "short",
                "organization", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").propertyNames()).containsExactlyInAnyOrder("email", "password", "organization");
        assertThat(jdbc.sql("select count(*) from identity_user where email = 'not-an-email'").query(Long.class).single()).isZero();

        var dup = new Http(port).postJson("/api/v1/auth/signup", Map.of("email", email.toUpperCase(),
                "password", "a long enough password", "organization", "Again"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from identity_organization where name = 'Again'").query(Long.class).single())
                .as("nothing half-written").isZero();
    }
}
