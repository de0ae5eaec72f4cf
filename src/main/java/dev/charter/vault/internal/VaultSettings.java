package dev.charter.vault.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Vault settings ({@code CHARTER_VAULT_*}).
 *
 * @param rotationBatchSize credentials re-encrypted per transaction while the master key rotates
 * @param resumeRotationOnStart on start, re-encrypt whatever an older master key version still wraps
 *                              (an interrupted rotation, or a new primary key given by the operator)
 */
@ConfigurationProperties("charter.vault")
record VaultSettings(@DefaultValue("100") int rotationBatchSize,
                     @DefaultValue("true") boolean resumeRotationOnStart) {}
