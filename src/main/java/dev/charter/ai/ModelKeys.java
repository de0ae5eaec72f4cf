package dev.charter.ai;

import dev.charter.egress.CredentialUse;
import dev.charter.shared.OrgId;
import java.util.Optional;

/**
 * Where the gateway learns whether an organization connected its own model key. The key itself stays in the vault:
 * this answers with the credential's reference and how egress attaches it, never the key.
 */
public interface ModelKeys {

    /** The organization's Anthropic key, if it connected a usable one. */
    Optional<ModelKey> orgKey(OrgId org);

    /**
     * An organization's model key.
     *
     * @param label      the connection's name, for the AI page
     * @param credential how egress attaches it (header {@code x-api-key}, to the Anthropic base URL)
     */
    record ModelKey(String label, CredentialUse credential) {}
}
