package dev.charter.ai;

/** Who produced an {@link AiResult}. */
public enum AiProvider {
    /** The model, called with the organization's own Anthropic key (a connection). */
    ORG_KEY,
    /** The model, called with the key the operator configured for the server. */
    SERVER_KEY,
    /** Charter's deterministic local fallback; nothing left the server. */
    LOCAL;

    /** True for the providers that call a model outside the server. */
    public boolean remote() {
        return this != LOCAL;
    }
}
