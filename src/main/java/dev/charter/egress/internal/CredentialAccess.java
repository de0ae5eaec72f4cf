package dev.charter.egress.internal;

import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.shared.OrgId;
import dev.charter.vault.SecretRef;
import java.io.IOException;

/**
 * What the gateway needs from the vault: decrypt one credential for the duration of a call, and the keyed
 * fingerprints of all of an organization's credentials for DLP. The vault adapter implements it.
 */
interface CredentialAccess {

    /** Plaintext bytes handed to {@link #use}; wiped when the call returns. */
    @FunctionalInterface
    interface SecretUse<T> {
        T apply(byte[] plaintext) throws IOException;
    }

    /** Decrypts the credential, passes it to {@code use}, wipes it. Throws when it is not the organization's. */
    <T> T use(OrgId org, SecretRef ref, SecretUse<T> use) throws IOException;

    /**
     * Replaces the credential's value atomically (the vault's {@code rewriteSecret}): {@code change} gets the current
     * plaintext and returns the new one, or null to keep it.
     */
    default boolean rewrite(OrgId org, SecretRef ref, java.util.function.Function<byte[], byte[]> change) {
        throw new UnsupportedOperationException("this credential store cannot rewrite credentials");
    }

    CredentialFingerprints fingerprints(OrgId org);

    /** The credential's id as DLP findings and audit records name it. */
    String id(SecretRef ref);
}
