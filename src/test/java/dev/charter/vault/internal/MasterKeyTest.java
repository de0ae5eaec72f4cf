package dev.charter.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import dev.charter.CharterApplication;
import dev.charter.shared.OrgId;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import dev.charter.vault.VaultTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** VLT-2: the master key lives only with the server, and Charter will not start without the right one. */
@CharterTest
class MasterKeyTest {

    static Path keyFile;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        keyFile = VaultTestSupport.ownMasterKeyFile(registry);
    }

    @Autowired Vault vault;
    @Autowired JdbcClient jdbc;
    @Autowired DatabaseTarget db;

    private SecretRef storeOne() {
        OrgId org = VaultTestSupport.newOrg(jdbc);
        return vault.store(org, "connectors.http-api", CredentialKind.BEARER, ("tok-" + UUID.randomUUID()).toCharArray(), "k");
    }

    @Test
    @Tag("claim:VLT-2")
    void theKeyFileIsOwnerOnlyAndItsKeyIsNowhereInTheDatabase() throws Exception {
        storeOne();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keyFile), InsecureSecretKeyAccess.get());
        byte[] raw = ((AesGcmKey) keyset.getPrimary().getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        assertThat(raw).hasSize(32);

        JdbcClient owner = VaultTestSupport.asOwner(db);
        List<String> hits = new ArrayList<>();
        for (String encoded : List.of(Base64.getEncoder().encodeToString(raw), HexFormat.of().formatHex(raw),
                Base64.getEncoder().encodeToString(raw).substring(0, 20))) {
            hits.addAll(VaultTestSupport.columnsContaining(owner, encoded));
        }
        hits.addAll(VaultTestSupport.columnsContainingBytes(owner, raw));
        assertThat(hits).as("columns holding master key material").isEmpty();
        // the scan does find bytes that are there (positive control)
        byte[] wrapped = owner.sql("select wrapped_key from vault_credential limit 1").query((rs, n) -> rs.getBytes(1)).single();
        assertThat(VaultTestSupport.columnsContainingBytes(owner, java.util.Arrays.copyOfRange(wrapped, 3, 40)))
                .contains("vault_credential.wrapped_key");
    }

    @Test
    @Tag("claim:VLT-2")
    void refusesToStartWithAnotherKeyWhenCredentialsAreStored() throws Exception {
        storeOne();
        Path otherKey = Files.createTempDirectory("other-key").resolve("master.key");
        KeyFileMasterKey.create(otherKey);
        assertThatThrownBy(() -> startAgainst(otherKey, null).close())
                .rootCause()
                .hasMessageContaining("is not the key that encrypted")
                .hasMessageContaining("restore the key file from your backup")
                .hasMessageContaining(otherKey.toString());
    }

    @Test
    @Tag("claim:VLT-2")
    void refusesToStartWithoutItsKeyFileAndDoesNotMakeANewOne() throws Exception {
        storeOne();
        Path missing = Files.createTempDirectory("no-key").resolve("keys").resolve("master.key");
        assertThatThrownBy(() -> startAgainst(missing, null).close())
                .rootCause()
                .hasMessageContaining("is missing")
                .hasMessageContaining("Restore the key file from your backup");
        assertThat(missing).doesNotExist();
    }

    @Test
    @Tag("claim:VLT-2")
    void theSameKeyGivenAsAnEnvironmentSecretOpensTheCredentials() throws Exception {
        SecretRef ref = storeOne();
        String keysetJson = Files.readString(keyFile, StandardCharsets.UTF_8);
        Path unused = Files.createTempDirectory("unused").resolve("master.key");
        try (ConfigurableApplicationContext other = startAgainst(unused, keysetJson)) {
            Vault otherVault = other.getBean(Vault.class);
            int length = otherVault.useSecret(ref.org(), ref, s -> s.length());
            assertThat(length).isGreaterThan(0);
        }
        assertThat(unused).doesNotExist();
    }

    /** A second Charter on this test's database, with the given key file or environment key. */
    private ConfigurableApplicationContext startAgainst(Path keyFile, String environmentKey) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=test",
                "--server.port=0",
                "--charter.master-key-file=" + keyFile));
        args.addAll(dev.charter.testing.SecondNode.databaseArgs(db));
        if (environmentKey != null) {
            args.add("--charter.master-key=" + environmentKey);
        }
        return new SpringApplicationBuilder(CharterApplication.class).run(args.toArray(String[]::new));
    }
}
