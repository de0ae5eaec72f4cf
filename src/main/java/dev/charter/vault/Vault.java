package dev.charter.vault;

import dev.charter.shared.OrgId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The credential vault. Every method takes the owning organization; a ref of another organization is
 * treated as unknown. Writes join the caller's transaction, so "disconnect" deletes the ciphertext in the
 * same transaction as the connection (VLT-5), and every change is audited with ids only.
 */
public interface Vault {

    /**
     * Encrypts and stores a credential. The caller keeps ownership of {@code plaintext} and should zero it.
     *
     * @param purpose what it is for ({@code connectors.http-api}); bound into the encryption
     * @param kind    a {@link CredentialKind} or another lower-case word (decides which forms are fingerprinted)
     * @param label   a name a person recognises it by (not secret, at most 120 characters)
     * @throws IllegalArgumentException for an empty credential, a bad purpose, kind or label
     */
    SecretRef store(OrgId org, String purpose, String kind, byte[] plaintext, String label);

    /** As {@link #store(OrgId, String, String, byte[], String)} with the UTF-8 bytes of {@code plaintext}. */
    SecretRef store(OrgId org, String purpose, String kind, char[] plaintext, String label);

    /** As {@link #store(OrgId, String, String, byte[], String)} for a value read from a request. */
    SecretRef store(OrgId org, String purpose, String kind, SecretValue plaintext, String label);

    /**
     * Imports a credential another system encrypted as a Fernet token: checks the token with its Fernet key
     * (whatever the token's age), and stores the decrypted value under this vault at once. Neither the token
     * nor the key is kept.
     *
     * @throws IllegalArgumentException when the key is malformed or does not open the token
     */
    SecretRef importFernet(OrgId org, String purpose, String kind, SecretValue fernetToken, SecretValue fernetKey,
                           String label);

    /** Deletes the credential and its ciphertext now (in the caller's transaction). Unknown refs are ignored. */
    void delete(OrgId org, SecretRef ref);

    /** What may be shown about a credential, or empty if it does not exist for this organization. */
    Optional<CredentialInfo> info(OrgId org, SecretRef ref);

    /** Everything that may be shown about each of an organization's credentials, for listings. */
    List<CredentialInfo> list(OrgId org);

    /**
     * Decrypts a credential for the length of {@code use} and zeroes it afterwards; records the time of use.
     * <b>Only the egress gateway may call this</b> (an architecture test enforces it, VLT-4/EGR-3): it calls
     * it after its policy check passed, to attach the credential to one outbound request.
     *
     * @param org the organization the request is made for; must own the ref
     * @throws dev.charter.shared.NotFoundException if the credential does not exist for {@code org}
     *                                              (for example it was disconnected)
     * @throws CredentialUnreadableException        if the ciphertext does not decrypt (moved, altered, wrong key)
     */
    <T> T useSecret(OrgId org, SecretRef ref, Function<Secret, T> use);

    /**
     * Replaces a credential's value in place, atomically: in a transaction of its own the credential's row is locked
     * (so two nodes cannot both change it), decrypted and handed to {@code change}; what {@code change} returns is
     * sealed under the same id and purpose, with fresh fingerprints, and committed at once, whatever the caller's
     * transaction does later. When {@code change} returns null the credential stays as it was. The plaintexts are
     * zeroed afterwards. Used for OAuth grants whose refresh token rotates: the new token must be stored before
     * anything else can fail. <b>Only the egress gateway may call this</b>, like {@link #useSecret}.
     *
     * @return true if the value was replaced
     * @throws dev.charter.shared.NotFoundException if the credential does not exist for {@code org}
     */
    boolean rewriteSecret(OrgId org, SecretRef ref, Function<Secret, byte[]> change);

    /** Keyed hashes of every stored credential of the organization (and of their notable parts), for DLP. */
    List<SecretFingerprint> fingerprints(OrgId org);

    /** The hash function of {@link #fingerprints}, keyed for the organization. */
    Fingerprinter fingerprinter(OrgId org);
}
