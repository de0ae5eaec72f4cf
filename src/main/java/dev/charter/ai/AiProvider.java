package dev.charter.ai;

/**
 * Who produced an {@link AiResult}, and the choices an organization orders on the AI page. The default order is
 * {@link #ORG_ENDPOINT}, {@link #ORG_KEY}, {@link #SERVER_KEY}, {@link #LOCAL} (PIL-6): the first one that is
 * connected or configured, and that the operator allows, answers.
 */
public enum AiProvider {
    /** The organization's own OpenAI-compatible model endpoint (a connection), with or without its key. */
    ORG_ENDPOINT,
    /** The model, called with the organization's own Anthropic key (a connection). */
    ORG_KEY,
    /** The server's provider: the operator's Anthropic key or the operator's own model endpoint. */
    SERVER_KEY,
    /** Charter's deterministic local fallback; nothing left the server. */
    LOCAL;

    /** True for the providers that call a model outside the server. */
    public boolean remote() {
        return this != LOCAL;
    }
}
