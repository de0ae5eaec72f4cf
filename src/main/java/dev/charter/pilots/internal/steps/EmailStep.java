package dev.charter.pilots.internal.steps;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.MailReceipt;
import dev.charter.egress.MailRequest;
import dev.charter.pilots.internal.StepContext;
import dev.charter.pilots.internal.StepOutcome;
import dev.charter.pilots.internal.StepType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an email; the provider follows from the connection's kind.
 * <ul>
 *   <li>A Resend API key connection (or an HTTP API connection with bearer auth whose base URL is Resend's API):
 *       {@code POST <base>/emails} with {@code {from, to[], subject, text, html}} and the API key as a bearer token
 *       attached by the gateway. Resend answers 200 {@code {"id": …}}; an error answers
 *       {@code {statusCode, message, name}}, whose name and message become the failure reason.</li>
 *   <li>An SMTP server connection: the {@link MailGateway} logs in and hands the message over. The sender defaults
 *       to the connection's; a refusal (5xx) fails the step with the server's reply, a 4xx reply is retried.</li>
 * </ul>
 * The output names the message and how many recipients were accepted, never a credential.
 */
@Component
class EmailStep implements StepType {

    static final String PURPOSE = "pilots.email.resend";
    static final String SMTP_PURPOSE = "pilots.email.smtp";
    static final int MAX_RECIPIENTS = 50;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\",;]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private final Templates templates;
    private final Outbound outbound;
    private final JsonMapper json;

    EmailStep(Templates templates, Outbound outbound, JsonMapper json) {
        this.templates = templates;
        this.outbound = outbound;
        this.json = json;
    }

    @Override
    public String kind() {
        return "email";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "Email", "Send an email through a Resend or SMTP server connection.", List.of(
                Field.connection("connection", "Email connection", true, "A Resend API key or SMTP server connection",
                        ConnectionKind.RESEND_API_KEY, ConnectionKind.SMTP_SERVER, ConnectionKind.HTTP_API),
                Field.of("from", "From", "template", false,
                        "For example Shop <orders@shop.example>; for SMTP, empty uses the connection's sender"),
                Field.of("to", "To", "template", true, "One or more addresses, separated by commas"),
                Field.of("subject", "Subject", "template", true, "{{ expression }} inserts data"),
                Field.of("text", "Text", "template", false, "Plain-text body"),
                Field.of("html", "HTML", "template", false, "HTML body (give text, HTML or both)")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        Steps.requireLabel(errors, config, "email");
        for (String field : List.of("to", "subject")) {
            Steps.check(errors, () -> templates.compile(field, Steps.text(config, field), true));
        }
        Steps.check(errors, () -> templates.compile("from", Steps.text(config, "from"), false));
        String text = Steps.text(config, "text");
        String html = Steps.text(config, "html");
        if (text == null && html == null) {
            errors.put("text", "Give the text, the HTML or both.");
        }
        Steps.check(errors, () -> templates.compile("text", text, false));
        Steps.check(errors, () -> templates.compile("html", html, false));
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        JsonNode config = context.config();
        Connection connection = outbound.connection(context.org(), Steps.text(config, "connection"),
                Set.of(ConnectionKind.RESEND_API_KEY, ConnectionKind.HTTP_API, ConnectionKind.SMTP_SERVER));
        if (connection.kind() == ConnectionKind.SMTP_SERVER) {
            return smtp(context, connection);
        }
        Connection resend = connection;
        if (resend.authScheme() != AuthScheme.BEARER) {
            throw new StepFailed("the Resend connection must send its API key as a bearer token");
        }
        String from = render(context, "from").strip();
        if (from.isEmpty()) {
            throw new StepFailed("a Resend email needs a sender (From)");
        }
        List<String> to = recipients(render(context, "to"));
        if (!ADDRESS.matcher(from.replaceAll("^.*<(.*)>$", "$1")).matches()) {
            throw new StepFailed("the sender is not an email address");
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("from", from);
        message.put("to", to);
        message.put("subject", render(context, "subject"));
        String text = render(context, "text");
        String html = render(context, "html");
        if (!text.isEmpty()) {
            message.put("text", text);
        }
        if (!html.isEmpty()) {
            message.put("html", html);
        }
        String base = resend.baseUrl().toString();
        EgressRequest request = EgressRequest.builder(PURPOSE, context.org())
                .post((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/emails",
                        json.writeValueAsBytes(message))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", context.idempotencyKey())
                .credential(resend.credentialUse())
                .build();
        EgressResponse response = outbound.send(request, this::errorDetail);
        Object body = outbound.body(response);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", response.status());
        out.put("id", body instanceof Map<?, ?> m ? m.get("id") : null);
        out.put("recipients", to.size());
        return StepOutcome.of(out);
    }

    /** Through the SMTP server of the connection, by the egress gateway; the password never passes through here. */
    private StepOutcome smtp(StepContext context, Connection connection) {
        String from = render(context, "from").strip();
        if (from.isEmpty()) {
            from = connection.mailFrom();
        }
        if (!ADDRESS.matcher(from.replaceAll("^.*<(.*)>$", "$1")).matches()) {
            throw new StepFailed("the sender is not an email address");
        }
        List<String> to = recipients(render(context, "to"));
        String subject = render(context, "subject").replaceAll("[\\r\\n\\t]+", " ").strip();
        MailReceipt receipt = outbound.sendMail(new MailRequest(SMTP_PURPOSE, context.org(), null,
                connection.smtpServer(), connection.credential(), from, to, subject, render(context, "text"),
                render(context, "html")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", "smtp");
        out.put("id", receipt.messageId());
        out.put("accepted", receipt.accepted());
        out.put("recipients", receipt.accepted().size());
        out.put("reply", receipt.reply().length() > 200 ? receipt.reply().substring(0, 200) : receipt.reply());
        return StepOutcome.of(out);
    }

    private String render(StepContext context, String field) {
        String template = Steps.text(context.config(), field);
        return template == null ? "" : templates.render(field, template, context.data());
    }

    static List<String> recipients(String rendered) {
        List<String> out = new ArrayList<>();
        for (String part : rendered.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            if (!ADDRESS.matcher(part).matches()) {
                throw new StepFailed("'" + (part.length() > 80 ? part.substring(0, 80) + "…" : part)
                        + "' is not an email address");
            }
            out.add(part);
        }
        if (out.isEmpty()) {
            throw new StepFailed("there is no recipient");
        }
        if (out.size() > MAX_RECIPIENTS) {
            throw new StepFailed("at most " + MAX_RECIPIENTS + " recipients per email");
        }
        return out;
    }

    /** Resend's {@code name: message}. */
    private String errorDetail(EgressResponse response) {
        if (outbound.body(response) instanceof Map<?, ?> m) {
            Object name = m.get("name");
            Object msg = m.get("message");
            return (name == null ? "" : name + ": ") + (msg == null ? "" : msg);
        }
        return null;
    }
}
