package dev.charter.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log records what happened, never a secret: a canary password (at sign-up, in a
 * failed sign-in, in a password change), a fresh API token and an invitation token must appear in
 * no audit row, no audit page or answer, and no log line, while the events themselves are there.
 */
@CharterTest
@ExtendWith(OutputCaptureExtension.class)
class AuditCanaryTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget database;

    @Test
    @Tag("claim:ACC-1")
    void noPasswordTokenOrSecretReachesTheAuditLogOrTheLogs(CapturedOutput output) {
        List<String> secrets = new ArrayList<>();
        String password = "canary-password-" + UUID.randomUUID();
        secrets.add(password);
        Tenant a = Tenant.signUp(port, "canary-" + UUID.randomUUID() + "@example.test", password);
        secrets.add(a.apiToken());

        var token = a.api().postJson("/api/v1/account/tokens", Map.of("name", "canary"));
        assertThat(token.status()).isEqualTo(201);
        secrets.add(token.json().get("secret").asString());

        String wrong = "canary-wrong-" + UUID.randomUUID();
        secrets.add(wrong);
        assertThat(new Http(port).postJson("/api/v1/auth/signin", Map.of("email", a.email(), "password", wrong)).status())
                .isEqualTo(401);
        assertThat(new Http(port).postJson("/api/v1/auth/signin",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", wrong)).status()).isEqualTo(401);

        String next = "canary-next-" + UUID.randomUUID();
        secrets.add(next);
        assertThat(a.browser().postJson("/api/v1/account/password",
                Map.of("currentPassword", password, "newPassword", next, "confirmPassword", next)).status()).isEqualTo(204);

        var invitation = a.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"));
        assertThat(invitation.status()).isEqualTo(201);
        secrets.add(invitation.json().get("token").asString());

        // the events are there ...
        List<String> actions = jdbc.sql("select action from audit_event where org_id = ?").param(a.org().value())
                .query(String.class).list();
        assertThat(actions).contains("identity.account.created", "identity.api-token.created", "identity.signin.failed",
                "identity.password.changed", "identity.invitation.created");

        // ... and no secret is, in any audit table, any audit answer or any log line
        DatabaseScan scan = new DatabaseScan(database);
        String trail = a.api().get("/api/v1/audit/events").body() + a.browser().get("/audit").body()
                + a.api().get("/api/v1/audit/export").body();
        for (String secret : secrets) {
            assertThat(scan.find(secret)).as("tables holding a secret").noneMatch(hit -> hit.startsWith("audit_"));
            assertThat(trail).as("audit answers").doesNotContain(secret);
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
    }
}
