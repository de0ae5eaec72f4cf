package dev.charter.pilots.internal.steps;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.egress.EgressRequest;
import dev.charter.pilots.internal.Expressions;
import dev.charter.pilots.internal.StepContext;
import dev.charter.pilots.internal.StepOutcome;
import dev.charter.pilots.internal.StepType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one HTTP request through the egress gateway. The URL and header values are templates; the body is a
 * JSONata expression whose result is sent as JSON. With a connection, the gateway attaches its credential and
 * the URL may be a path below the connection's base URL. Every request carries {@code Idempotency-Key}, the same
 * on every retry of this step of this run.
 */
@Component
class HttpStep implements StepType {

    static final String PURPOSE = "pilots.http-step";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** In the order the editor offers them: the first is what a new step starts with. */
    private static final List<String> METHOD_CHOICES = List.of("POST", "GET", "PUT", "PATCH", "DELETE");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Headers a step may not set: HTTP's own, and the ones that carry credentials (use a connection). */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "expect", "upgrade", "te", "trailer", "authorization", "proxy-authorization", "cookie", "idempotency-key");

    private final Templates templates;
    private final Expressions expressions;
    private final Outbound outbound;
    private final JsonMapper json;

    HttpStep(Templates templates, Expressions expressions, Outbound outbound, JsonMapper json) {
        this.templates = templates;
        this.expressions = expressions;
        this.outbound = outbound;
        this.json = json;
    }

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor(kind(), "HTTP request", "Call a web API; its answer is the step's output.", List.of(
                new Field("method", "Method", "select", true, "GET, POST, PUT, PATCH or DELETE", METHOD_CHOICES),
                Field.of("url", "URL", "template", true,
                        "https URL, or a path below the connection's base URL; {{ expression }} inserts data"),
                Field.connection("connection", "Connection", false,
                        "An HTTP API connection whose credential is attached", ConnectionKind.HTTP_API),
                Field.of("headers", "Headers", "map", false, "Name → value; values may use {{ expression }}"),
                Field.of("body", "Body (JSONata)", "expression", false, "Expression producing the JSON body")));
    }

    @Override
    public Map<String, String> validate(JsonNode config) {
        Map<String, String> errors = new LinkedHashMap<>();
        String method = Steps.text(config, "method");
        if (method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            errors.put("method", "Choose GET, POST, PUT, PATCH or DELETE.");
        }
        String url = Steps.text(config, "url");
        Steps.check(errors, () -> templates.compile("url", url, true));
        if (url != null && !url.startsWith("/") && !url.startsWith("{{") && !url.regionMatches(true, 0, "https://", 0, 8)
                && !url.regionMatches(true, 0, "http://", 0, 7)) {
            errors.put("url", "Start with https:// (http:// only for hosts the server allows for development),"
                    + " or with / for a path below the connection's base URL.");
        }
        if (url != null && url.startsWith("/") && Steps.text(config, "connection") == null) {
            errors.put("url", "A path needs a connection whose base URL it goes below.");
        }
        JsonNode headers = config == null ? null : config.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isObject()) {
                errors.put("headers", "Give headers as an object of name → value.");
            } else {
                for (var e : headers.properties()) {
                    String name = e.getKey();
                    if (!HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        errors.put("headers", "'" + name + "' is not a header a step may set (credentials go in a connection).");
                    } else {
                        Steps.check(errors, () -> templates.compile("headers", e.getValue().isString()
                                ? e.getValue().asString() : e.getValue().toString(), false));
                    }
                }
            }
        }
        String body = Steps.text(config, "body");
        if (body != null && !body.isBlank()) {
            Steps.check(errors, () -> expressions.compile("body", body));
        }
        return errors;
    }

    @Override
    public StepOutcome execute(StepContext context) {
        JsonNode config = context.config();
        String method = Steps.text(config, "method").toUpperCase(Locale.ROOT);
        String label = Steps.text(config, "connection");
        Connection connection = label == null ? null : outbound.connection(context.org(), label, Set.of(ConnectionKind.HTTP_API));
        URI url = url(templates.render("url", Steps.text(config, "url"), context.data()), connection);

        EgressRequest.Builder request = EgressRequest.builder(PURPOSE, context.org()).method(method).url(url)
                .header("Idempotency-Key", context.idempotencyKey())
                .header("Accept", "application/json, text/*;q=0.9, */*;q=0.8");
        JsonNode headers = config.get("headers");
        if (headers != null && headers.isObject()) {
            for (var e : headers.properties()) {
                String value = templates.render("headers", e.getValue().isString() ? e.getValue().asString()
                        : e.getValue().toString(), context.data());
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new StepFailed("header " + e.getKey() + " would contain a line break");
                }
                request.header(e.getKey(), value);
            }
        }
        String body = Steps.text(config, "body");
        if (body != null && !body.isBlank()) {
            Object value = expressions.evaluate(expressions.compile("body", body), context.data());
            request.header("Content-Type", "application/json").body(json.writeValueAsBytes(value));
        }
        if (connection != null) {
            request.credential(connection.credentialUse());
        }
        // a refusal shows the start of its answer, scanned for secrets, so the owner can see why
        return StepOutcome.of(outbound.output(outbound.send(request.build(), r -> outbound.excerpt(context.org(), r))));
    }

    private static URI url(String rendered, Connection connection) {
        String text = rendered.strip();
        if (text.startsWith("/") && connection != null) {
            String base = connection.baseUrl().toString();
            text = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + text;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new StepFailed("the URL is not an absolute http(s) address");
            }
            if (uri.getRawUserInfo() != null) {
                throw new StepFailed("the URL must not carry a user name or password; use a connection");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new StepFailed("the URL is not valid (check for spaces or unusual characters in the inserted data)");
        }
    }
}
