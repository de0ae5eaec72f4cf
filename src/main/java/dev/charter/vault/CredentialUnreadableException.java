package dev.charter.vault;

/**
 * A stored credential could not be decrypted: its ciphertext was moved, altered, or wrapped by a master
 * key this server does not hold. The message names the credential id only.
 */
public class CredentialUnreadableException extends RuntimeException {
    public CredentialUnreadableException(String message) {
        super(message);
    }
}
