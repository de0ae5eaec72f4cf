/**
 * The credential vault: connector credentials (API keys, webhook URLs, tokens) encrypted with
 * AES-256-GCM under a per-credential data key, bound to their organization, id and purpose, wrapped by a
 * master key that never sits in the database.
 *
 * <p>Other modules hold a {@link dev.charter.vault.SecretRef}, never a credential. Only the egress gateway
 * decrypts, through {@link dev.charter.vault.Vault#useSecret}, at the moment it attaches the credential to an
 * outbound request. The DLP scanner compares outbound data against {@link dev.charter.vault.SecretFingerprint}s
 * (keyed hashes) without decrypting anything.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Vault")
package dev.charter.vault;
