/**
 * The AI gateway: the one way Charter's products ask a language model for something. A caller hands over an
 * {@link dev.charter.ai.AiRequest} (the step's instruction and the data flowing through that step, nothing else)
 * and gets an {@link dev.charter.ai.AiResult}. The gateway picks the provider (PIL-6): the organization's own
 * Anthropic key if it connected one, else the server's key if the operator configured one, else a deterministic
 * local fallback through which nothing leaves the server. Model calls go out only through the egress gateway, which
 * attaches the key. Usage is counted per organization, day and provider; prompts and outputs are never stored.
 */
@org.springframework.modulith.ApplicationModule(displayName = "AI gateway")
package dev.charter.ai;
