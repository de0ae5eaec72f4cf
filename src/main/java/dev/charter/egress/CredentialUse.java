package dev.charter.egress;

import dev.charter.vault.SecretRef;
import java.net.URI;
import java.util.Objects;

/**
 * Which stored credential the gateway attaches to a request, how, and where it may go. The caller names the
 * credential; the gateway decrypts it through the vault only after every check passed, and never hands the
 * plaintext back.
 *
 * @param ref        the credential in the vault
 * @param placement  how it is attached
 * @param headerName the header that carries it, for {@link Placement#HEADER} only
 * @param base       the connection's base URL: the credential is only ever sent to this scheme, host and port
 *                   and to paths under this path. For {@link Placement#URL} it is the non-secret part of the stored
 *                   URL (for example {@code https://hooks.example.com/services/}).
 */
public record CredentialUse(SecretRef ref, Placement placement, String headerName, URI base) {

    /** Where the credential goes in the request. */
    public enum Placement {
        /** {@code Authorization: Bearer <credential>} */
        BEARER,
        /** {@code Authorization: Basic base64(<credential>)}; the credential is stored as {@code user:password}. */
        BASIC,
        /** {@code <headerName>: <credential>} */
        HEADER,
        /** The credential is the whole request URL (incoming-webhook URLs); the request carries no URL of its own. */
        URL
    }

    public CredentialUse {
        Objects.requireNonNull(ref, "credential reference");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(base, "connection base URL");
        if (placement == Placement.HEADER && (headerName == null || headerName.isBlank())) {
            throw new IllegalArgumentException("a credential placed in a header needs the header's name");
        }
        if (placement != Placement.HEADER) {
            headerName = null;
        }
    }

    public static CredentialUse bearer(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.BEARER, null, base);
    }

    public static CredentialUse basic(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.BASIC, null, base);
    }

    public static CredentialUse header(SecretRef ref, String headerName, URI base) {
        return new CredentialUse(ref, Placement.HEADER, headerName, base);
    }

    public static CredentialUse url(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.URL, null, base);
    }
}
