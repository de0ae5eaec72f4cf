package dev.charter.egress.internal.dlp;

/**
 * An organization's stored credentials as keyed hashes: lets DLP ask "is this exact string one of them?" without
 * any plaintext credential in memory.
 */
public interface CredentialFingerprints {

    /** The id of the stored credential equal to {@code candidate}, or null. */
    String match(String candidate);

    /** False when no stored credential has this many characters, so the candidate need not be hashed. */
    boolean plausibleLength(int length);

    /** True when the organization has no stored credential at all. */
    default boolean isEmpty() {
        return false;
    }

    CredentialFingerprints NONE = new CredentialFingerprints() {
        @Override
        public String match(String candidate) {
            return null;
        }

        @Override
        public boolean plausibleLength(int length) {
            return false;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };
}
