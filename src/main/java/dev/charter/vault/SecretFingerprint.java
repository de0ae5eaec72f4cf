package dev.charter.vault;

/**
 * A keyed hash (HMAC-SHA256 under an organization's fingerprint key) of one form of a stored
 * credential, for the DLP scanner: hash every {@code length}-byte window of outbound data with
 * {@link Vault#fingerprinter} and compare with {@link #hmac}. Computed when the credential is stored, so
 * finding a credential in outbound data never needs its plaintext.
 *
 * @param variant which form of the credential: {@code full} (the whole stored value), {@code password}
 *                (the part after the first colon of a basic-auth {@code user:password}), {@code url-path}
 *                (path and query of a webhook URL); encodings such as base64 are the scanner's concern
 * @param length  length in bytes of the hashed form
 * @param hmac    lower-case hex of the keyed hash
 */
public record SecretFingerprint(SecretRef ref, String variant, int length, String hmac) {}
