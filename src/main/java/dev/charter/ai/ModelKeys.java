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

    /**
     * The organization's Anthropic key (for Anthropic's API, an AWS key for Bedrock, or a Google service account key
     * for Vertex AI), the newest usable one.
     */
    Optional<ModelKey> orgKey(OrgId org);

    /** The organization's OpenAI-compatible endpoint, if it connected a usable one (the newest). */
    Optional<ModelEndpoint> orgEndpoint(OrgId org);

    /**
     * An organization's model key.
     *
     * @param label      the connection's name, for the AI page
     * @param credential how egress attaches it (header {@code x-api-key} to the Anthropic base URL, or SigV4)
     * @param bedrockBase for an AWS key, Bedrock's runtime base URL; null for a key of Anthropic's API
     * @param vertex      for a Google service account key, where on Vertex AI the model is; null otherwise
     */
    record ModelKey(String label, CredentialUse credential, URI bedrockBase, VertexModel vertex) {

        public ModelKey(String label, CredentialUse credential) {
            this(label, credential, null, null);
        }

        public ModelKey(String label, CredentialUse credential, URI bedrockBase) {
            this(label, credential, bedrockBase, null);
        }
    }

    /**
     * An Anthropic model on Google Vertex AI.
     *
     * @param base    the aiplatform base URL ({@code https://<region>-aiplatform.googleapis.com})
     * @param project the Google Cloud project
     * @param region  the region ({@code europe-west1}, or {@code global})
     * @param model   the model id ({@code claude-sonnet-4-5@20250929})
     */
    record VertexModel(URI base, String project, String region, String model) {}

    /**
     * An organization's own model endpoint.
     *
     * @param label      the connection's name, for the AI page
     * @param baseUrl    the part before {@code /chat/completions}
     * @param credential its key as a bearer token, or {@link CredentialUse#none} for an endpoint without one
     */
    record ModelEndpoint(String label, URI baseUrl, CredentialUse credential) {}
}
