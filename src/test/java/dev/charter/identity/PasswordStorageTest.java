package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.identity.internal.IdentitySettings;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.scrypt.SCryptPasswordEncoder;

/** ACC-1: a password is stored only as a salted scrypt hash and never stored or logged. */
@CharterTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordStorageTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired dev.charter.storage.DatabaseTarget database;

    @Test
    @Tag("claim:ACC-1")
    void passwordIsKeptOnlyAsASaltedScryptHash(CapturedOutput output) {
        String canary = "canary-pw-" + UUID.randomUUID();
        Tenant a = Tenant.signUp(port, "a-" + UUID.randomUUID() + "@example.test", canary);
        Tenant b = Tenant.signUp(port, "b-" + UUID.randomUUID() + "@example.test", canary);
        // a failed sign-in with another canary, and a password change, must not leave it anywhere either
        String wrong = "canary-wrong-" + UUID.randomUUID();
        a.browser().postJson("/api/v1/auth/signin", java.util.Map.of("email", a.email(), "password", wrong));
        String next = "canary-next-" + UUID.randomUUID();
        var changed = a.browser().postJson("/api/v1/account/password", java.util.Map.of(
                "currentPassword", canary, "newPassword", next, "confirmPassword", next));
        assertThat(changed.status()).isEqualTo(204);

        String hashA = hashOf(a);
        String hashB = hashOf(b);
        assertThat(hashA).as("scrypt in Spring Security's encoding: $params$salt$key").matches("\\$[0-9a-f]+\\$[^$]+\\$[^$]+");
        assertThat(hashB).doesNotContain(canary);
        // the same password gives different hashes: a random salt per user
        assertThat(hashB).isNotEqualTo(hashA);
        assertThat(testEncoder().matches(next, hashA)).isTrue();
        assertThat(testEncoder().matches(canary, hashB)).isTrue();

        DatabaseScan scan = new DatabaseScan(database);
        for (String secret : new String[] {canary, wrong, next}) {
            assertThat(scan.find(secret)).as("tables holding the plain password").isEmpty();
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
    }

    @Test
    @Tag("claim:ACC-1")
    void productionUsesSpringSecurityV58ScryptParameters() {
        var defaults = new IdentitySettings.Scrypt(65536, 8, 1, 32, 16);
        var bound = org.springframework.boot.context.properties.bind.Binder.get(new org.springframework.mock.env.MockEnvironment())
                .bindOrCreate("charter.identity", IdentitySettings.class);
        assertThat(bound.scrypt()).isEqualTo(defaults);
        String hash = new SCryptPasswordEncoder(65536, 8, 1, 32, 16).encode("x");
        // Spring's encoding puts log2(N) << 16 | r << 8 | p in hex first: N=2^16, r=8, p=1
        assertThat(hash).startsWith("$100801$");
    }

    private String hashOf(Tenant t) {
        return jdbc.sql("select password_hash from identity_user where id = ?").param(t.user().value())
                .query(String.class).single();
    }

    private SCryptPasswordEncoder testEncoder() {
        return new SCryptPasswordEncoder(1024, 8, 1, 32, 16);
    }
}
