package dev.charter.vault.internal;

import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataClasses;
import dev.charter.privacy.LegalBasis;
import dev.charter.privacy.RetentionRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the vault stores, for the data-class registry (RET-1). */
@Configuration(proxyBeanMethods = false)
class VaultDataClasses {

    @Bean
    DataClasses vaultDeclarations() {
        return DataClasses.of("vault",
                DataClass.of("vault.credentials", "vault_credential")
                        .columns("org_id", "id", "purpose", "kind", "label", "ciphertext", "wrapped_key", "master_key_version",
                                "fingerprint", "created_at", "last_used_at")
                        .holds("Connector credentials encrypted with AES-256-GCM (never in plain text), their label, kind, "
                                + "a short fingerprint and last use; the export holds only the label, kind, purpose and times, "
                                + "never the credential, its ciphertext or fingerprint")
                        .purpose("Calling the services the organization connected, on its behalf")
                        .basis(LegalBasis.CONTRACT).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(true).erased(true).products("Pilots", "Crews", "Reviews", "Perf cases").org("org_id").build(),
                DataClass.of("vault.fingerprints", "vault_fingerprint")
                        .columns("org_id", "credential_id", "variant", "length", "hmac")
                        .holds("Keyed hashes of each credential, never reversible; deleted with their credential "
                                + "by a cascading key on (org_id, credential_id)")
                        .purpose("Stopping a stored credential from leaving to anywhere but its own service")
                        .basis(LegalBasis.LEGITIMATE_INTEREST).retention(new RetentionRule.WhileOrganizationActive())
                        .exported(false).erased(true).org("org_id").build(),
                DataClass.of("vault.keyring", "vault_keyring")
                        .columns("id", "fingerprint_key", "master_key_version", "created_at")
                        .holds("Which master key version is current and the wrapped fingerprint key; no credential")
                        .purpose("Decrypting with the right key version")
                        .basis(LegalBasis.OPERATIONAL).retention(new RetentionRule.Operational("one row"))
                        .products().build(),
                DataClass.of("vault.rotations", "vault_rotation")
                        .columns("id", "target_version", "state", "total", "done", "started_at", "updated_at", "finished_at",
                                "last_error")
                        .holds("Progress of master key rotations")
                        .purpose("Resuming a rotation after a crash and showing its progress")
                        .basis(LegalBasis.OPERATIONAL).retention(new RetentionRule.Operational("rotation history"))
                        .products().build());
    }
}
