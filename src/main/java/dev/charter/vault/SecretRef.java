package dev.charter.vault;

import dev.charter.shared.OrgId;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names a stored credential: the organization that owns it, its id and the purpose it was stored for.
 * Holds no secret material, so it may be kept in tables, events and JSON; the credential it names can
 * only be read by the egress gateway, for the same organization, through {@link Vault#useSecret}.
 *
 * @param org          the organization that owns the credential
 * @param credentialId the credential's id in the vault
 * @param purpose      what it was stored for, for example {@code connectors.http-api}; part of the
 *                     encryption's associated data, so a ref with another purpose cannot decrypt it
 */
public record SecretRef(OrgId org, UUID credentialId, String purpose) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");

    public SecretRef {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(credentialId, "credentialId");
        requireValidPurpose(purpose);
    }

    /** Refuses a purpose that is not 1 to 80 characters of lower-case letters, digits, dot, dash and underscore. */
    public static String requireValidPurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A credential purpose is 1 to 80 characters of a-z, 0-9, '.', '_' "
                    + "and '-', starting with a letter or digit (for example connectors.http-api)");
        }
        return purpose;
    }

    @Override
    public String toString() {
        return "SecretRef[credential=" + credentialId + ", purpose=" + purpose + ", org=" + org + "]";
    }
}
