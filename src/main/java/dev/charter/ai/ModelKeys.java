package dev.charter.ai;

import dev.charter.egress.CredentialUse;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.util.Optional;

/**
 * Where the gateway learns whether an organization connected its own model key or endpoint. The key itself stays in
 * the vault: this answers with the credential's reference and how egress attaches it, never the key.
 */
public interface ModelKeys {

    /** The organization's Anthropic key (for Anthropic's API, or an AWS key for Bedrock), the newest usable one. */
    Optional<ModelKey> orgKey(OrgId org);

    /** The organization's OpenAI-compatible endpoint, if it connected a usable one (the newest). */
    Optional<ModelEndpoint> orgEndpoint(OrgId org);

    /**
     * An organization's model key.
     *
     * @param label      the connection's name, for the AI page
     * @param credential how egress attaches it (header {@code x-api-key} to the Anthropic base URL, or SigV4)
     * @param bedrockBase for an AWS key, Bedrock's runtime base URL; null for a key of Anthropic's API
     */
    record ModelKey(String label, CredentialUse credential, URI bedrockBase) {

        public ModelKey(String label, CredentialUse credential) {
            this(label, credential, null);
        }
    }

    /**
     * An organization's own model endpoint.
     *
     * @param label      the connection's name, for the AI page
     * @param baseUrl    the part before {@code /chat/completions}
     * @param credential its key as a bearer token, or {@link CredentialUse#none} for an endpoint without one
     */
    record ModelEndpoint(String label, URI baseUrl, CredentialUse credential) {}
}
