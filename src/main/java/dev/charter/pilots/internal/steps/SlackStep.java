package dev.charter.pilots.internal.steps;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.pilots.internal.StepContext;
import dev.charter.pilots.internal.StepOutcome;
import dev.charter.pilots.internal.StepType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts a message to Slack through an incoming-webhook connection: {@code POST <webhook URL>} with
 * {@code {"text": …}}, as Slack documents it. Slack answers 200 {@code ok}, or an error code in plain text
 * ({@code invalid_payload}, {@code action_prohibited}, {@code no_service}, …), which becomes the failure reason.
 * The webhook URL is the credential: the gateway puts it on the request, the step never sees it.
 */
@Component
class SlackStep implements StepType {

    static final String PURPOSE = "pilots.slack";
    /** Slack truncates longer messages; refuse rather than send half of one. */
    static final int MAX_TEXT = 40_000;

    private final Templates templates;
    private final Outbound outbound;
    private final JsonMapper json;

    SlackStep(Templates templates, Outbound outbound, JsonMapper json) {
        this.templates = templates;
        this.outbound = outbound;
        this.json = json;
    }

    @Override
    public String kind() {
        return "slack";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Slack message", "Post a message to a Slack channel through an incoming webhook.",
                List.of(Field.connection("connection", "Slack webhook connection", true,
                                "An incoming-webhook connection", ConnectionKind.SLACK_WEBHOOK, ConnectionKind.INCOMING_WEBHOOK),
                        Field.of("text", "Message", "template", true, "Text; {{ expression }} inserts data")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        Steps.requireLabel(errors, config, "Slack webhook");
        Steps.check(errors, () -> templates.compile("text", Steps.text(config, "text"), true));
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        Connection hook = outbound.connection(context.org(), Steps.text(context.config(), "connection"),
                Set.of(ConnectionKind.SLACK_WEBHOOK, ConnectionKind.INCOMING_WEBHOOK));
        String text = templates.render("text", Steps.text(context.config(), "text"), context.data());
        if (text.isBlank()) {
            throw new StepFailed("the message is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new StepFailed("the message is longer than " + MAX_TEXT + " characters");
        }
        EgressRequest request = EgressRequest.builder(PURPOSE, context.org())
                .method("POST")
                .header("Content-Type", "application/json; charset=utf-8")
                .body(json.writeValueAsBytes(Map.of("text", text)))
                .credential(hook.credentialUse())
                .build();
        EgressResponse response = outbound.send(request, SlackStep::errorCode);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", response.status());
        out.put("ok", true);
        out.put("characters", text.length());
        return StepOutcome.of(out);
    }

    /** Slack's error code, a short word in the body. */
    static String errorCode(EgressResponse response) {
        String body = response.bodyAsString().strip();
        return body.length() > 100 ? body.substring(0, 100) : body;
    }
}
