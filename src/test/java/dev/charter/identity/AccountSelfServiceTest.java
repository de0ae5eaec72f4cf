package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** ACC-5: a user changes their password and deletes their own account without asking anyone. */
@CharterTest
class AccountSelfServiceTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;

    @Test
    @Tag("claim:ACC-5")
    void userChangesTheirPasswordAndOtherSessionsEnd() {
        Tenant t = Tenant.signUp(port);
        Http other = new Http(port);
        assertThat(other.postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", t.password())).status())
                .isEqualTo(200);

        var wrong = t.browser().postJson("/api/v1/account/password", Map.of("currentPassword", "not the password",
                "newPassword", "short", "confirmPassword", "different"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").propertyNames()).contains("currentPassword", "newPassword", "confirmPassword");

        var ok = t.browser().postJson("/api/v1/account/password", Map.of("currentPassword", t.password(),
                "newPassword", "a brand new passphrase", "confirmPassword", "a brand new passphrase"));
        assertThat(ok.status()).isEqualTo(204);
        assertThat(t.browser().get("/api/v1/account").status()).as("the changing browser stays signed in").isEqualTo(200);
        assertThat(other.get("/api/v1/account").status()).as("other sessions end").isEqualTo(401);

        Http fresh = new Http(port);
        assertThat(fresh.postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", t.password())).status())
                .isEqualTo(401);
        assertThat(fresh.postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", "a brand new passphrase"))
                .status()).isEqualTo(200);
    }

    @Test
    @Tag("claim:ACC-5")
    void soleOwnerDeletesTheirAccountAndOrganization() {
        Tenant t = Tenant.signUp(port);
        var refused = t.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", "someone-else@example.test"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(count("identity_user", t.user().value())).isEqualTo(1);

        var deleted = t.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", t.email()));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("organizationDeleted").asBoolean()).isTrue();
        assertThat(count("identity_user", t.user().value())).isZero();
        assertThat(jdbc.sql("select count(*) from identity_organization where id = ?").param(t.org().value())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from identity_api_token where user_id = ?").param(t.user().value())
                .query(Long.class).single()).isZero();
        assertThat(t.api().get("/api/v1/account").status()).as("its API token is gone").isEqualTo(401);
        assertThat(new Http(port).postJson("/api/v1/auth/signin", Map.of("email", t.email(), "password", t.password()))
                .status()).isEqualTo(401);
    }

    @Test
    @Tag("claim:ACC-5")
    void ownerWithMembersHandsOverFirstThenDeletes() {
        Tenant owner = Tenant.signUp(port);
        var invite = owner.browser().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER"));
        assertThat(invite.status()).isEqualTo(201);
        Http member = new Http(port);
        String memberEmail = "member-" + java.util.UUID.randomUUID() + "@example.test";
        var joined = member.postJson("/api/v1/auth/invitations/" + invite.json().get("token").asString(),
                Map.of("email", memberEmail, "password", "member password 1"));
        assertThat(joined.status()).isEqualTo(201);
        String memberId = joined.json().get("id").asString();

        var blocked = owner.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", owner.email()));
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.json().get("detail").asString()).contains("owner");

        assertThat(owner.browser().json("PUT", "/api/v1/organization/members/" + memberId + "/role", Map.of("role", "OWNER"))
                .status()).isEqualTo(200);
        var gone = owner.browser().json("DELETE", "/api/v1/account", Map.of("confirmation", owner.email()));
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.json().get("organizationDeleted").asBoolean()).isFalse();
        assertThat(member.get("/api/v1/organization").json().get("yourRole").asString()).isEqualTo("OWNER");
        assertThat(member.get("/api/v1/organization/members").json().size()).isEqualTo(1);
        // a plain member deletes their own account without asking anyone, too
        assertThat(count("identity_user", owner.user().value())).isZero();
    }

    private long count(String table, java.util.UUID id) {
        return jdbc.sql("select count(*) from " + table + " where id = ?").param(id).query(Long.class).single();
    }
}
