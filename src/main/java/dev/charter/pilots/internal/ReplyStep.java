package dev.charter.pilots.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Answers the delivery that started the run (Pilots II, answering the caller): its status, headers and body. A
 * delivery to a Pilot with a reply step waits for it, at most {@code charter.pilots.reply-wait} (10 s); past that it
 * answers 202 as before, and the run goes on either way. A run that was not started by a delivery records the reply
 * and goes on.
 */
@Component
class ReplyStep implements StepType {

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** Headers the server sets itself, or that would change the connection or set state in the caller. */
    static final Set<String> RESERVED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
            "set-cookie", "host", "date", "server", "trailer", "te", "proxy-authenticate", "www-authenticate",
            "strict-transport-security", "content-security-policy");

    private final Expressions expressions;
    private final Replies replies;

    ReplyStep(Expressions expressions, Replies replies) {
        this.expressions = expressions;
        this.replies = replies;
    }

    @Override
    public String kind() {
        return "reply";
    }

    /** It reaches no one but the waiting caller, yet its answer must be recorded before the run goes on. */
    @Override
    public boolean reachesOut() {
        return false;
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Reply", "Answer the delivery that started the run, while the sender waits (at most "
                + "10 s; past that it got 202).", List.of(
                Field.of("status", "Status", "number", false, "200 to 599 (default 200)"),
                Field.of("headers", "Headers", "map", false, "Name → value, for example Content-Type → text/plain"),
                Field.of("body", "Body (JSONata)", "expression", false, "The answer's body, for example {\"ok\": true}")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode status = config == null ? null : config.get("status");
        if (status != null && !status.isNull() && (!status.canConvertToInt() || status.asInt() < 200 || status.asInt() > 599)) {
            errors.put("status", "Answer with a status from 200 to 599.");
        }
        JsonNode headers = config == null ? null : config.get("headers");
        if (headers != null && headers.isObject()) {
            for (var h : headers.properties()) {
                if (!HEADER.matcher(h.getKey()).matches() || RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    errors.put("headers", "The header " + h.getKey() + " cannot be set by a reply (the server sets it, or "
                            + "it is not a header name).");
                } else if (!h.getValue().isString() || h.getValue().asString().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    errors.put("headers", "A header's value is one line of text.");
                }
            }
        }
        String body = TransformStep.text(config, "body");
        if (body != null && !body.isBlank()) {
            try {
                expressions.compile("body", body);
            } catch (dev.charter.shared.InvalidInputException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        int status = context.config().path("status").asInt(200);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = context.config().get("headers");
        if (h != null && h.isObject()) {
            h.properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        }
        String body = TransformStep.text(context.config(), "body");
        Object value = body == null || body.isBlank() ? null
                : expressions.evaluate(expressions.compile("body", body), context.data());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", status);
        output.put("headers", headers);
        output.put("body", value);
        replies.replied(context.runId(), new Replies.Reply(status, headers, value));
        return StepOutcome.of(output);
    }
}
