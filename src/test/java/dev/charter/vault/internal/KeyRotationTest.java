package dev.charter.vault.internal;

import dev.charter.vault.RotationProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.charter.shared.OrgId;
import dev.charter.testing.CharterTest;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import dev.charter.vault.VaultTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.charter.testing.Http;
import dev.charter.testing.Tenant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** VLT-6: the master key rotates without downtime, survives a crash midway, and ends with every row on the new key. */
@CharterTest
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationTest {

    static Path keyFile;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        keyFile = VaultTestSupport.ownMasterKeyFile(registry);
        registry.add("charter.vault.rotation-batch-size", () -> "5");
        registry.add("management.endpoints.web.exposure.include", () -> "health,info,prometheus,vaultkeys");
    }

    /** Throws from inside a batch after N re-encrypted rows, as a crash would. */
    static class Crash implements RotationListener {
        volatile int after = -1;

        @Override
        public void rewrapped(int rows) {
            if (after >= 0 && rows >= after) {
                throw new IllegalStateException("simulated crash after " + rows + " rows");
            }
        }
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        Crash crash() {
            return new Crash();
        }
    }

    @Autowired Vault vault;
    @Autowired KeyRotation rotation;
    @Autowired Crash crash;
    @Autowired JdbcClient jdbc;
    @LocalServerPort int port;

    @Test
    void operatorsFollowAndStartRotationOnTheActuatorEndpointAsOwners() throws Exception {
        var anonymous = new Http(port).get("/actuator/vaultkeys");
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).contains("/signin");
        Tenant owner = Tenant.signUp(port);
        var progress = owner.api().get("/actuator/vaultkeys");
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().get("currentVersion").asString()).isNotBlank();

        String invite = owner.api().postJson("/api/v1/organization/invitations", Map.of("role", "ADMIN")).json().get("token").asString();
        Http admin = new Http(port);
        admin.postJson("/api/v1/auth/invitations/" + invite,
                Map.of("email", "a-" + UUID.randomUUID() + "@example.test", "password", "admin password 1"));
        assertThat(admin.get("/actuator/vaultkeys").status()).isEqualTo(200);
        assertThat(admin.postJson("/actuator/vaultkeys", Map.of()).status()).isEqualTo(403);

        String before = rotation.progress().currentVersion();
        var started = owner.api().postJson("/actuator/vaultkeys", Map.of());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        RotationProgress done = waitFor(p -> "FINISHED".equals(p.state()) && !p.currentVersion().equals(before));
        assertThat(owner.api().get("/actuator/vaultkeys").json().get("state").asString()).isEqualTo("FINISHED");
        assertThat(done.remaining()).isZero();
    }

    @Test
    @Tag("claim:VLT-6")
    void rotationSurvivesACrashAndEndsWithEveryCredentialOnTheNewKey(CapturedOutput output) throws Exception {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        OrgId other = VaultTestSupport.newOrg(jdbc);
        Map<SecretRef, String> stored = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            String value = "secret-" + i + "-" + UUID.randomUUID();
            OrgId owner = i % 3 == 0 ? other : org;
            stored.put(vault.store(owner, i % 2 == 0 ? "connectors.http-api" : "pilots.ai", CredentialKind.BEARER,
                    value.toCharArray(), "c" + i), value);
        }
        String oldVersion = jdbc.sql("select distinct master_key_version from vault_credential").query(String.class).single();
        KeysetHandle oldKeyset = readKeyFile();

        crash.after = 12;
        rotation.rotate();
        RotationProgress stopped = waitFor(p -> p.lastError() != null);
        String newVersion = stopped.currentVersion();
        assertThat(newVersion).isNotEqualTo(oldVersion);
        assertThat(stopped.state()).isEqualTo("RUNNING");
        assertThat(stopped.lastError()).contains("simulated crash");
        // two batches of five committed; the third died with the crash and rolled back
        assertThat(stopped.done()).isEqualTo(10);
        assertThat(stopped.remaining()).isEqualTo(13);
        assertThat(versions()).containsOnlyKeys(oldVersion, newVersion).containsEntry(newVersion, 10L);

        // no downtime: while half-rotated, old and new rows decrypt and new credentials are stored under the new key
        stored.forEach((ref, value) -> assertThat(decrypt(ref)).isEqualTo(value));
        String late = "late-" + UUID.randomUUID();
        SecretRef lateRef = vault.store(org, "connectors.http-api", CredentialKind.BEARER, late.toCharArray(), "late");
        stored.put(lateRef, late);
        assertThat(jdbc.sql("select master_key_version from vault_credential where id = ?").param(lateRef.credentialId())
                .query(String.class).single()).isEqualTo(newVersion);

        // a rotation cannot start over an unfinished one; it resumes instead
        assertThatThrownBy(() -> rotation.rotate()).hasMessageContaining("already running");
        crash.after = -1;
        rotation.resume();
        RotationProgress done = waitFor(p -> "FINISHED".equals(p.state()));
        assertThat(done.remaining()).isZero();
        assertThat(done.done()).isEqualTo(done.total());
        assertThat(versions()).containsOnlyKeys(newVersion);
        stored.forEach((ref, value) -> assertThat(decrypt(ref)).isEqualTo(value));

        // proof that nothing depends on the old key any more: the new key alone opens every row, the old alone none
        KeysetHandle full = readKeyFile();
        Aead newOnly = only(full, Integer.parseUnsignedInt(newVersion));
        Aead oldOnly = oldKeyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        for (var e : stored.entrySet()) {
            byte[][] row = jdbc.sql("select ciphertext, wrapped_key from vault_credential where id = ?")
                    .param(e.getKey().credentialId()).query((rs, n) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).single();
            byte[] ad = Envelope.associatedData("key", e.getKey());
            KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(row[1], newOnly, ad);
            byte[] plain = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class)
                    .decrypt(row[0], Envelope.associatedData("data", e.getKey()));
            assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(e.getValue());
            assertThatThrownBy(() -> TinkProtoKeysetFormat.parseEncryptedKeyset(row[1], oldOnly, ad))
                    .isInstanceOf(GeneralSecurityException.class);
        }
        assertThat(jdbc.sql("select master_key_version from vault_keyring").query(String.class).single()).isEqualTo(newVersion);

        // the operator sees it in the log, and the audit log has it
        assertThat(output.getAll()).contains("Vault key rotation to version " + newVersion + " started")
                .contains("stopped after").contains("re-encrypted, ").contains("finished");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'vault.credential.rotated'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(23);
        for (String value : stored.values()) {
            assertThat(output.getAll()).doesNotContain(value);
        }
    }

    private String decrypt(SecretRef ref) {
        return vault.useSecret(ref.org(), ref, s -> new String(s.bytes(), StandardCharsets.UTF_8));
    }

    private Map<String, Long> versions() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("select master_key_version, count(*) from vault_credential group by 1")
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    private RotationProgress waitFor(Predicate<RotationProgress> condition) throws InterruptedException {
        List<RotationProgress> seen = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            RotationProgress p = rotation.progress();
            if (condition.test(p)) {
                return p;
            }
            seen.add(p);
            Thread.sleep(100);
        }
        throw new AssertionError("rotation did not get there; last progress " + seen.get(seen.size() - 1));
    }

    private static KeysetHandle readKeyFile() throws Exception {
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keyFile), InsecureSecretKeyAccess.get());
    }

    private static Aead only(KeysetHandle keyset, int id) throws GeneralSecurityException {
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).getId() == id) {
                return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(keyset.getAt(i).getKey()).withFixedId(id).makePrimary())
                        .build().getPrimitive(RegistryConfiguration.get(), Aead.class);
            }
        }
        throw new AssertionError("key " + id + " not in the key file");
    }
}
