package dev.charter.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressRequest;
import dev.charter.shared.NotFoundException;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import dev.charter.vault.VaultTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CharterTest
@Import(FakeEgress.Config.class)
class ConnectionsApiTest {

    @LocalServerPort int port;
    @Autowired FakeEgress egress;
    @Autowired Vault vault;
    @Autowired Connections connections;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget db;

    @BeforeEach
    void reset() {
        egress.reset();
    }

    static Map<String, Object> bearer(String token) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "HTTP_API");
        body.put("label", "GitHub");
        body.put("baseUrl", "https://api.github.example/v3");
        body.put("authScheme", "BEARER");
        body.put("secret", token);
        body.put("scopes", List.of("repo read:org"));
        body.put("verifyPath", "/user");
        return body;
    }

    private String plain(Connection c) {
        return vault.useSecret(c.org(), c.credential(), s -> new String(s.bytes(), StandardCharsets.UTF_8));
    }

    private long credentials() {
        return VaultTestSupport.asOwner(db).sql("select count(*) from vault_credential").query(Long.class).single();
    }

    @Test
    @Tag("claim:PRF-9")
    void nothingIsConnectedByDefaultAndEachConnectionIsItsOwnGrant() {
        Tenant t = Tenant.signUp(port);
        assertThat(t.api().get("/api/v1/connections").json().size()).isZero();

        var a = t.api().postJson("/api/v1/connections", bearer("tok-a-" + UUID.randomUUID()));
        var b = t.api().postJson("/api/v1/connections", bearer("tok-b-" + UUID.randomUUID()));
        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        JsonNode created = a.json();
        assertThat(created.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.get("scopes").toString()).isEqualTo("[\"repo\",\"read:org\"]");
        assertThat(created.get("fingerprint").asString()).hasSize(16);
        assertThat(created.has("secret")).isFalse();

        // two grants, two credentials: revoking one leaves the other usable
        Connection first = connections.get(t.org(), new ConnectionId(UUID.fromString(created.get("id").asString())));
        Connection second = connections.get(t.org(), new ConnectionId(UUID.fromString(b.json().get("id").asString())));
        assertThat(first.credential()).isNotEqualTo(second.credential());
        assertThat(t.api().delete("/api/v1/connections/" + first.id()).status()).isEqualTo(200);
        assertThatThrownBy(() -> vault.useSecret(t.org(), first.credential(), s -> s.length())).isInstanceOf(NotFoundException.class);
        assertThat(plain(second)).isNotEmpty();
        assertThat(t.api().get("/api/v1/connections").json().size()).isEqualTo(2);
    }

    @Test
    @Tag("claim:VLT-5")
    @Tag("claim:PRF-9")
    void disconnectingDeletesTheCiphertextAtOnceAndCutsAccess() {
        Tenant t = Tenant.signUp(port);
        String token = "tok-" + UUID.randomUUID();
        String id = t.api().postJson("/api/v1/connections", bearer(token)).json().get("id").asString();
        Connection c = connections.get(t.org(), new ConnectionId(UUID.fromString(id)));
        SecretRef ref = c.credential();
        JdbcClient owner = VaultTestSupport.asOwner(db);
        assertThat(owner.sql("select count(*) from vault_credential where id = ?").param(ref.credentialId()).query(Long.class).single()).isOne();

        var revoked = t.api().delete("/api/v1/connections/" + id);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        // gone from every vault table the moment the answer arrives, as seen by the database owner
        assertThat(owner.sql("select count(*) from vault_credential where id = ?").param(ref.credentialId()).query(Long.class).single()).isZero();
        assertThat(owner.sql("select count(*) from vault_fingerprint where credential_id = ?").param(ref.credentialId()).query(Long.class).single()).isZero();
        assertThat(owner.sql("select count(*) from connectors_connection where id = ?::uuid and credential_id is not null")
                .param(id).query(Long.class).single()).isZero();
        assertThatThrownBy(() -> vault.useSecret(t.org(), ref, s -> s.length())).isInstanceOf(NotFoundException.class);
        assertThat(vault.fingerprints(t.org())).isEmpty();
        // a revoked connection cannot be verified or handed to egress
        assertThat(t.api().postJson("/api/v1/connections/" + id + "/verify", Map.of()).status()).isEqualTo(409);
        assertThatThrownBy(() -> connections.get(t.org(), c.id()).credentialUse()).isInstanceOf(IllegalStateException.class);
        assertThat(egress.requests).isEmpty();
        // removing it takes it off the list
        assertThat(t.api().delete("/api/v1/connections/" + id).status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/connections/" + id).status()).isEqualTo(404);
        assertThat(jdbc.sql("select action from audit_event where target = ? order by id").param("connection:" + id)
                .query(String.class).list())
                .containsExactly("connectors.connection.created", "connectors.connection.revoked", "connectors.connection.removed");
    }

    @Test
    void verifiesLiveThroughEgressWhichAttachesTheCredential() {
        Tenant t = Tenant.signUp(port);
        var body = bearer("tok-" + UUID.randomUUID());
        body.put("verify", true);
        var created = t.api().postJson("/api/v1/connections", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.json().get("verifiedAt").isNull()).isFalse();

        EgressRequest sent = egress.requests.get(0);
        assertThat(sent.purpose()).isEqualTo("connectors.verify");
        assertThat(sent.org()).isEqualTo(t.org());
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.url().toString()).isEqualTo("https://api.github.example/v3/user");
        assertThat(sent.credential().placement()).isEqualTo(CredentialUse.Placement.BEARER);
        assertThat(sent.credential().base().toString()).isEqualTo("https://api.github.example/v3");
        assertThat(sent.headers()).noneMatch(h -> h.value().contains("tok-") || h.name().equalsIgnoreCase("Authorization"));

        // a later check that fails is recorded on the connection
        egress.answer(r -> FakeEgress.status(401));
        String id = created.json().get("id").asString();
        var failed = t.api().postJson("/api/v1/connections/" + id + "/verify", Map.of());
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("status").asString()).isEqualTo("FAILED_VERIFICATION");
        assertThat(failed.json().get("statusDetail").asString()).contains("401").contains("refused the credential");
        egress.answer(r -> FakeEgress.status(204));
        assertThat(t.api().postJson("/api/v1/connections/" + id + "/verify", Map.of()).json().get("status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aFailedLiveCheckBeforeSavingLeavesNothingBehind() {
        Tenant t = Tenant.signUp(port);
        long before = credentials();
        egress.answer(r -> { throw new EgressDeniedException("no policy allows GET api.github.example"); });
        var body = bearer("tok-" + UUID.randomUUID());
        body.put("verify", true);
        var r = t.api().postJson("/api/v1/connections", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("verify").asString()).contains("egress gateway refused").contains("Nothing was saved");
        assertThat(t.api().get("/api/v1/connections").json().size()).isZero();
        assertThat(credentials()).isEqualTo(before);
    }

    @Test
    void webhookUrlsAreStoredWholeAndOnlyTheirHostIsShown() {
        Tenant t = Tenant.signUp(port);
        String secretPath = "/services/T0/B0/" + UUID.randomUUID();
        var r = t.api().postJson("/api/v1/connections", Map.of("kind", "INCOMING_WEBHOOK", "label", "#alerts",
                "webhookUrl", "https://hooks.chat.example" + secretPath, "verify", true));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("baseUrl").asString()).isEqualTo("https://hooks.chat.example/");
        assertThat(r.json().get("authScheme").asString()).isEqualTo("URL");
        assertThat(r.body()).doesNotContain(secretPath);
        EgressRequest sent = egress.requests.get(0);
        assertThat(sent.url()).isNull();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.credential().placement()).isEqualTo(CredentialUse.Placement.URL);
        Connection c = connections.list(t.org()).get(0);
        assertThat(plain(c)).isEqualTo("https://hooks.chat.example" + secretPath);
    }

    @Test
    void headerAndBasicSchemesAndFernetImport() throws Exception {
        Tenant t = Tenant.signUp(port);
        var header = bearer("key-" + UUID.randomUUID());
        header.put("authScheme", "HEADER");
        header.put("headerName", "X-Api-Key");
        assertThat(t.api().postJson("/api/v1/connections", header).json().get("headerName").asString()).isEqualTo("X-Api-Key");

        var basic = bearer("pw-" + UUID.randomUUID());
        basic.put("authScheme", "BASIC");
        basic.put("username", "deploy");
        var basicCreated = t.api().postJson("/api/v1/connections", basic);
        assertThat(basicCreated.status()).isEqualTo(201);
        Connection bc = connections.get(t.org(), new ConnectionId(UUID.fromString(basicCreated.json().get("id").asString())));
        assertThat(plain(bc)).isEqualTo("deploy:" + basic.get("secret"));

        var key = com.macasaet.fernet.Key.generateKey();
        String token = "imported-" + UUID.randomUUID();
        var fernet = bearer(null);
        fernet.remove("secret");
        fernet.put("fernetToken", com.macasaet.fernet.Token.generate(key, token).serialise());
        fernet.put("fernetKey", key.serialise());
        var imported = t.api().postJson("/api/v1/connections", fernet);
        assertThat(imported.status()).isEqualTo(201);
        Connection ic = connections.get(t.org(), new ConnectionId(UUID.fromString(imported.json().get("id").asString())));
        assertThat(plain(ic)).isEqualTo(token);
    }

    @Test
    void refusesBadParametersWholeAndStoresNothing() {
        Tenant t = Tenant.signUp(port);
        long before = credentials();
        var plainHttp = bearer("tok");
        plainHttp.put("baseUrl", "http://api.github.example");
        plainHttp.put("label", "");
        var r = t.api().postJson("/api/v1/connections", plainHttp);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get("baseUrl").asString()).contains("https");
        assertThat(r.json().get("errors").get("label").asString()).isNotBlank();

        for (var bad : List.of(Map.of("baseUrl", "not a url"), Map.of("baseUrl", "ftp://x.example"),
                Map.of("baseUrl", "https://user:pw@api.example"), Map.of("secret", ""), Map.of("secret", "a\nb"),
                Map.of("authScheme", "HEADER", "headerName", "Bad Header"), Map.of("authScheme", "HEADER", "headerName", "Host"),
                Map.of("authScheme", "BASIC", "username", "a:b"), Map.of("verifyPath", "no-slash"),
                Map.of("scopes", List.of("ok \"quoted\"")))) {
            var body = bearer("tok");
            body.putAll(bad);
            var answer = t.api().postJson("/api/v1/connections", body);
            assertThat(answer.status()).as(bad.toString()).isEqualTo(400);
            assertThat(answer.json().get("errors").size()).as(bad.toString()).isPositive();
        }
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "NOPE")).status()).isEqualTo(400);
        assertThat(t.api().postJson("/api/v1/connections", Map.of("kind", "INCOMING_WEBHOOK", "label", "x",
                "webhookUrl", "https://hooks.example")).status()).isEqualTo(400);
        assertThat(credentials()).isEqualTo(before);
        assertThat(t.api().get("/api/v1/connections").json().size()).isZero();
    }

    @Test
    void membersListButOnlyAdminsChangeAndOtherOrganizationsSeeNothing() {
        Tenant owner = Tenant.signUp(port);
        Tenant stranger = Tenant.signUp(port);
        String id = owner.api().postJson("/api/v1/connections", bearer("tok-" + UUID.randomUUID())).json().get("id").asString();

        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "MEMBER")).json().get("token").asString();
        Http member = new Http(port);
        assertThat(member.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", "m-" + UUID.randomUUID() + "@example.test", "password", "member password 1")).status()).isEqualTo(201);
        assertThat(member.get("/api/v1/connections").json().size()).isOne();
        assertThat(member.get("/api/v1/connections/" + id).status()).isEqualTo(200);
        assertThat(member.postJson("/api/v1/connections", bearer("tok")).status()).isEqualTo(403);
        assertThat(member.postJson("/api/v1/connections/" + id + "/verify", Map.of()).status()).isEqualTo(403);
        assertThat(member.delete("/api/v1/connections/" + id).status()).isEqualTo(403);

        assertThat(stranger.api().get("/api/v1/connections").json().size()).isZero();
        for (var r : List.of(stranger.api().get("/api/v1/connections/" + id),
                stranger.api().postJson("/api/v1/connections/" + id + "/verify", Map.of()),
                stranger.api().delete("/api/v1/connections/" + id))) {
            assertThat(r.status()).isEqualTo(404);
        }
        assertThat(owner.api().get("/api/v1/connections/" + id).json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(egress.requests).isEmpty();
    }
}
