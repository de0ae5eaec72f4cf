package dev.charter.egress;

import dev.charter.vault.SecretValue;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential the operator configured for the whole server (an environment secret such as a model provider's API
 * key), as opposed to an organization's credential in the vault. The module that reads the setting declares it as a
 * Spring bean of this type, only when the operator set a value; from then on only the gateway reads the value, at
 * the moment it attaches it, exactly like a vault credential (EGR-3). A caller names it with
 * {@link CredentialUse#server}; the gateway attaches it only for the declared purposes, placed as declared, to a
 * URL under the declared base, and DLP treats the value as a secret in every other request.
 *
 * @param name       dotted name, owned by the declaring module ({@code ai.anthropic})
 * @param purposes   the egress purposes that may carry it
 * @param placement  how it is attached (not {@link CredentialUse.Placement#URL})
 * @param headerName the header that carries it, for {@link CredentialUse.Placement#HEADER} only
 * @param base       where it may be sent: scheme, host, port and a path prefix
 * @param value      the credential; shown as {@code [redacted]} by {@code toString}
 */
public record ServerCredential(String name, Set<String> purposes, CredentialUse.Placement placement, String headerName,
                               URI base, SecretValue value) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public ServerCredential {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server credential name '" + name + "' must be dotted lower-case words");
        }
        purposes = Set.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("a server credential names the purposes that may carry it");
        }
        Objects.requireNonNull(placement, "placement");
        if (placement == CredentialUse.Placement.URL || placement == CredentialUse.Placement.NONE) {
            throw new IllegalArgumentException("a server credential is attached to requests; it cannot be a URL or none");
        }
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("server credential '" + name + "' is empty; declare it only when it is set");
        }
        // validates the header name the same way a vault credential's use does
        headerName = new CredentialUse(null, name, placement, headerName, base).headerName();
    }

    /** How a request names this credential. */
    public CredentialUse use() {
        return CredentialUse.server(name, placement, headerName, base);
    }
}
