package dev.charter.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.CredentialUnreadableException;
import dev.charter.vault.Secret;
import dev.charter.vault.SecretFingerprint;
import dev.charter.vault.SecretRef;
import dev.charter.vault.SecretValue;
import dev.charter.vault.Vault;
import dev.charter.vault.VaultTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.ObjectMapper;

@CharterTest
class JdbcVaultTest {

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        VaultTestSupport.ownMasterKeyFile(registry);
    }

    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget db;
    @Autowired ObjectMapper json;

    static final String PURPOSE = "connectors.http-api";

    private String canary() {
        return "canary-" + UUID.randomUUID();
    }

    private String decrypt(OrgId org, SecretRef ref) {
        return vault.useSecret(org, ref, s -> new String(s.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    @Tag("claim:VLT-1")
    void storedCredentialIsEncryptedAndDecryptsOnlyInItsOwnRow() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        OrgId other = VaultTestSupport.newOrg(jdbc);
        String secretA = canary();
        String secretB = canary();
        SecretRef a = vault.store(org, PURPOSE, CredentialKind.BEARER, secretA.toCharArray(), "A");
        SecretRef b = vault.store(org, PURPOSE, CredentialKind.BEARER, secretB.toCharArray(), "B");
        SecretRef otherPurpose = vault.store(org, "pilots.ai", CredentialKind.BEARER, canary().toCharArray(), "C");
        SecretRef otherOrg = vault.store(other, PURPOSE, CredentialKind.BEARER, canary().toCharArray(), "D");
        assertThat(decrypt(org, a)).isEqualTo(secretA);

        JdbcClient owner = VaultTestSupport.asOwner(db);
        assertThat(VaultTestSupport.columnsContaining(owner, secretA)).isEmpty();
        // AES-256-GCM: the data key keyset names the algorithm, the ciphertext is plaintext + 12-byte IV + 16-byte tag (+ 5-byte Tink prefix)
        byte[] ciphertext = owner.sql("select ciphertext from vault_credential where id = ?").param(a.credentialId())
                .query((rs, n) -> rs.getBytes(1)).single();
        assertThat(ciphertext.length).isEqualTo(secretA.length() + 5 + 12 + 16);

        // the database owner copies A's ciphertext and wrapped key into B's row, C's row (other purpose) and D's (other org)
        for (SecretRef victim : new SecretRef[] {b, otherPurpose, otherOrg}) {
            owner.sql("""
                    update vault_credential t set ciphertext = s.ciphertext, wrapped_key = s.wrapped_key,
                                                  master_key_version = s.master_key_version
                    from vault_credential s where s.id = ? and t.id = ?""")
                    .params(a.credentialId(), victim.credentialId()).update();
            assertThatThrownBy(() -> decrypt(victim.org(), victim))
                    .isInstanceOf(CredentialUnreadableException.class)
                    .hasMessageNotContaining(secretA);
        }
        // and the row itself: a ref with another purpose or organization does not open A
        assertThatThrownBy(() -> decrypt(org, new SecretRef(org, a.credentialId(), "pilots.ai")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> decrypt(other, new SecretRef(other, a.credentialId(), PURPOSE)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> decrypt(other, a)).isInstanceOf(NotFoundException.class);
        // a flipped bit is refused too
        owner.sql("update vault_credential set ciphertext = overlay(ciphertext placing '\\x00'::bytea from 20 for 1) where id = ?")
                .param(a.credentialId()).update();
        assertThatThrownBy(() -> decrypt(org, a)).isInstanceOf(CredentialUnreadableException.class);
    }

    @Test
    @Tag("claim:VLT-4")
    void aSecretExistsOnlyInsideTheCallbackAndIsWipedAfterwards() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        String value = canary();
        SecretRef ref = vault.store(org, PURPOSE, CredentialKind.BEARER, value.toCharArray(), "wiped");
        AtomicReference<Secret> leaked = new AtomicReference<>();
        AtomicReference<byte[]> leakedBytes = new AtomicReference<>();
        vault.useSecret(org, ref, s -> {
            leaked.set(s);
            leakedBytes.set(s.bytes());
            assertThat(s.toString()).doesNotContain(value);
            assertThat(json.writeValueAsString(s)).isEqualTo("\"[redacted]\"");
            return null;
        });
        assertThat(leakedBytes.get()).containsOnly((byte) 0);
        assertThat(leaked.get().isDestroyed()).isTrue();
        assertThatThrownBy(() -> leaked.get().bytes()).isInstanceOf(IllegalStateException.class);
        var lastUsed = vault.info(org, ref).orElseThrow().lastUsedAt();
        assertThat(lastUsed).isNotNull();
        // a busy credential is marked once a minute, not rewritten on every use
        vault.useSecret(org, ref, s -> null);
        assertThat(vault.info(org, ref).orElseThrow().lastUsedAt()).isEqualTo(lastUsed);
        jdbc.sql("update vault_credential set last_used_at = last_used_at - interval '2 minutes' where id = ?")
                .param(ref.credentialId()).update();
        vault.useSecret(org, ref, s -> null);
        assertThat(vault.info(org, ref).orElseThrow().lastUsedAt()).isAfter(lastUsed.minusSeconds(61));
        // wiped even when the callback fails
        assertThatThrownBy(() -> vault.useSecret(org, ref, s -> {
            leakedBytes.set(s.bytes());
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(leakedBytes.get()).containsOnly((byte) 0);
    }

    @Test
    void secretValuesAndRefsAreRedactedInTextAndJson() {
        String value = canary();
        SecretValue in = json.readValue("\"" + value + "\"", SecretValue.class);
        assertThat(in.toString()).isEqualTo("[redacted]");
        assertThat(json.writeValueAsString(Map.of("secret", in))).doesNotContain(value);
        assertThat(new String(in.utf8(), StandardCharsets.UTF_8)).isEqualTo(value);
        in.wipe();
        assertThat(in.chars()).containsOnly('\0');
    }

    @Test
    void fingerprintsMatchTheCredentialAndItsPartsWithoutDecrypting() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        OrgId other = VaultTestSupport.newOrg(jdbc);
        String password = "pw-" + UUID.randomUUID();
        SecretRef basic = vault.store(org, PURPOSE, CredentialKind.BASIC, ("alice:" + password).toCharArray(), "basic");
        String hook = "https://hooks.example.test/services/T0/B0/" + UUID.randomUUID();
        SecretRef webhook = vault.store(org, "connectors.webhook", CredentialKind.WEBHOOK_URL, hook.toCharArray(), "hook");
        vault.store(other, PURPOSE, CredentialKind.BASIC, ("alice:" + password).toCharArray(), "same in another org");

        var prints = vault.fingerprints(org);
        var f = vault.fingerprinter(org);
        assertThat(prints).extracting(SecretFingerprint::variant).containsExactlyInAnyOrder("full", "password", "full", "url-path");
        assertThat(prints).contains(
                new SecretFingerprint(basic, "password", password.length(), f.hmac(password.getBytes(StandardCharsets.UTF_8))),
                new SecretFingerprint(basic, "full", password.length() + 6, f.hmac(("alice:" + password).getBytes(StandardCharsets.UTF_8))));
        String path = hook.substring(hook.indexOf("/services"));
        assertThat(prints).contains(new SecretFingerprint(webhook, "url-path", path.length(), f.hmac(path.getBytes(StandardCharsets.UTF_8))));
        // a window inside a larger body hashes the same
        byte[] body = ("{\"text\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(f.hmac(body, 9, password.length())).isEqualTo(f.hmac(password.getBytes(StandardCharsets.UTF_8)));
        // other organizations hash with another key: no cross-tenant correlation
        assertThat(vault.fingerprints(other)).extracting(SecretFingerprint::hmac)
                .doesNotContainAnyElementsOf(prints.stream().map(SecretFingerprint::hmac).toList());
        assertThat(f.toString()).doesNotContain(password);
        assertThat(vault.info(org, basic).orElseThrow().fingerprint()).hasSize(16);
    }

    @Test
    @Tag("claim:VLT-5")
    void deleteRemovesCiphertextAndFingerprintsAtOnce() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        OrgId other = VaultTestSupport.newOrg(jdbc);
        SecretRef ref = vault.store(org, PURPOSE, CredentialKind.BEARER, canary().toCharArray(), "gone");
        vault.delete(other, ref); // another organization cannot delete it
        assertThat(vault.info(org, ref)).isPresent();
        vault.delete(org, ref);
        JdbcClient owner = VaultTestSupport.asOwner(db);
        assertThat(owner.sql("select count(*) from vault_credential where id = ?").param(ref.credentialId()).query(Long.class).single()).isZero();
        assertThat(owner.sql("select count(*) from vault_fingerprint where credential_id = ?").param(ref.credentialId()).query(Long.class).single()).isZero();
        assertThatThrownBy(() -> decrypt(org, ref)).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'vault.credential.deleted' and target = ?")
                .param("credential:" + ref.credentialId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void refusesEmptyOrOversizedCredentialsAndBadNames() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        assertThatThrownBy(() -> vault.store(org, PURPOSE, CredentialKind.BEARER, "  ".toCharArray(), "x"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> vault.store(org, PURPOSE, CredentialKind.BEARER, new byte[20_000], "x"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> vault.store(org, PURPOSE, CredentialKind.BEARER, "v".toCharArray(), " "))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> vault.store(org, "Bad Purpose", CredentialKind.BEARER, "v".toCharArray(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.store(org, PURPOSE, "Bad Kind!", "v".toCharArray(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(vault.list(org)).isEmpty();
    }

    @Test
    @Tag("claim:VLT-7")
    void importsAnOldFernetTokenAndReencryptsItAtOnce() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        String value = canary();
        Key key = Key.generateKey();
        // a token another system made two years ago (the library's default validator would refuse it after 60 s)
        Token old = oldToken(key, value, Instant.now().minus(Duration.ofDays(730)));
        assertThatThrownBy(() -> old.validateAndDecrypt(key, new com.macasaet.fernet.StringValidator() {}))
                .isInstanceOf(com.macasaet.fernet.TokenExpiredException.class);

        SecretRef ref = vault.importFernet(org, PURPOSE, CredentialKind.BEARER, SecretValue.of(old.serialise()),
                SecretValue.of(key.serialise()), "imported");
        assertThat(decrypt(org, ref)).isEqualTo(value);
        JdbcClient owner = VaultTestSupport.asOwner(db);
        assertThat(VaultTestSupport.columnsContaining(owner, value)).isEmpty();
        assertThat(VaultTestSupport.columnsContaining(owner, old.serialise())).isEmpty();
        assertThat(VaultTestSupport.columnsContaining(owner, key.serialise())).isEmpty();
        assertThat(jdbc.sql("select details->>'format' from audit_event where action = 'vault.credential.imported' and target = ?")
                .param("credential:" + ref.credentialId()).query(String.class).single()).isEqualTo("fernet");

        // a wrong key, an altered token and garbage are refused, and nothing is stored
        int before = vault.list(org).size();
        assertThatThrownBy(() -> vault.importFernet(org, PURPOSE, CredentialKind.BEARER, SecretValue.of(old.serialise()),
                SecretValue.of(Key.generateKey().serialise()), "wrong key"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(value);
        String altered = old.serialise().substring(0, 60) + (old.serialise().charAt(60) == 'A' ? 'B' : 'A') + old.serialise().substring(61);
        assertThatThrownBy(() -> vault.importFernet(org, PURPOSE, CredentialKind.BEARER, SecretValue.of(altered),
                SecretValue.of(key.serialise()), "altered")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> vault.importFernet(org, PURPOSE, CredentialKind.BEARER, SecretValue.of("not a token"),
                SecretValue.of(key.serialise()), "garbage")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> vault.importFernet(org, PURPOSE, CredentialKind.BEARER, SecretValue.of(old.serialise()),
                SecretValue.of("short"), "bad key")).isInstanceOf(InvalidInputException.class);
        assertThat(vault.list(org)).hasSize(before);
    }

    /** A token as the library makes it, with a timestamp of our choosing. */
    static Token oldToken(Key key, String plaintext, Instant timestamp) {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        IvParameterSpec spec = new IvParameterSpec(iv);
        byte[] ct = key.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), spec);
        byte[] hmac = key.sign((byte) 0x80, timestamp, spec, ct);
        return new Token((byte) 0x80, timestamp, spec, ct, hmac) {};
    }
}
