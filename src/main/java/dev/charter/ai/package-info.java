/**
 * The AI gateway: the one way Charter's products ask a language model for something. A caller hands over an
 * {@link dev.charter.ai.AiRequest} (the step's instruction and the data flowing through that step, nothing else)
 * and gets an {@link dev.charter.ai.AiResult}. The gateway picks the provider (PIL-6): the organization's own
 * Anthropic key if it connected one, else the server's key if the operator configured one, else a deterministic
 * local fallback through which nothing leaves the server. Model calls go out only through the egress gateway, which
 * attaches the key. Usage is counted per organization, day and provider; prompts and outputs are never stored.
 *
 * <p>Tool use ({@link dev.charter.ai.AiGateway#completeWithTools}): a caller gives {@link dev.charter.ai.AiTool}s
 * (name, description, JSON schema of the input, a Java handler) and a round limit; the gateway runs the loop for
 * every provider in its own wire shape (Anthropic's {@code tool_use}/{@code tool_result} blocks, also on Bedrock and Vertex AI;
 * OpenAI-compatible {@code tool_calls} and {@code role: tool} messages), validates each input against its schema
 * before the handler runs, sends each round through egress, checks it against the daily budget and counts it, and
 * answers with an {@link dev.charter.ai.AiToolResult} (the answer and every {@link dev.charter.ai.AiToolCall}), or
 * fails with {@code TOOL_ROUNDS_EXHAUSTED} when the model still asks for a tool after the last round. The local
 * fallback answers too: it calls the tools the request's data can feed, once. Crews (answers with citations), Reviews
 * (drafts with signal ids) and the Perf cases agent use it; docs/ai.md and ADR 0140 describe it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "AI gateway")
package dev.charter.ai;
