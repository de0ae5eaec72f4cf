package dev.charter.ai;

/**
 * Thrown by an {@link AiTool.Handler} to answer the model's call with an error instead of a result ("no order 42",
 * "give a date after 2020"). The message is sent to the model as the tool's result, marked as an error, and the
 * model may call again; it must hold only what the model may read. Any other exception of a handler ends the request
 * and reaches the caller unchanged.
 */
public class AiToolException extends RuntimeException {

    public AiToolException(String message) {
        super(message);
    }
}
