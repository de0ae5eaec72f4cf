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

    CredentialFingerprints fingerprints(OrgId org);

    /** The credential's id as DLP findings and audit records name it. */
    String id(SecretRef ref);
}
