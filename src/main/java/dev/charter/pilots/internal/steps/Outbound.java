package dev.charter.pilots.internal.steps;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.MailGateway;
import dev.charter.egress.MailReceipt;
import dev.charter.egress.MailRefusedException;
import dev.charter.egress.MailRequest;
import dev.charter.pilots.internal.RetryableStepFailure;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the outbound steps share: finding a connection by its label in the run's organization, sending through
 * the egress gateway, and turning the answer into a step output or a failure. Failure messages name the
 * destination by scheme and host only (a webhook's path is its secret) and never quote a credential.
 */
@Component
class Outbound {

    /** Largest response body kept in a step's output, in characters. */
    static final int MAX_BODY_CHARS = 16_384;
    /** Response headers copied into a step's output; the rest (cookies, …) are dropped. */
    static final Set<String> KEPT_HEADERS = Set.of("content-type", "location", "etag", "retry-after", "x-request-id",
            "request-id", "last-modified");
    private static final Pattern URL = Pattern.compile("(https?://[^/\\s\"'<>]+)[^\\s\"'<>]*");

    private final Connections connections;
    private final EgressGateway egress;
    private final MailGateway mail;
    private final JsonMapper json;

    Outbound(Connections connections, EgressGateway egress, MailGateway mail, JsonMapper json) {
        this.connections = connections;
        this.egress = egress;
        this.mail = mail;
        this.json = json;
    }

    /**
     * Sends a mail through the SMTP gateway. A refusal by the gateway and a 5xx reply are permanent; a 4xx reply and
     * a failed exchange are retryable.
     */
    MailReceipt sendMail(MailRequest request) {
        String where = request.server().uri().toString();
        try {
            return mail.send(request);
        } catch (EgressDeniedException e) {
            throw new StepFailed("Charter's egress gateway refused the mail to " + where + ": " + clean(e.reason()));
        } catch (MailRefusedException e) {
            if (e.permanent()) {
                throw new StepFailed(clean(e.getMessage()));
            }
            throw new RetryableStepFailure(clean(e.getMessage()));
        } catch (EgressFailedException e) {
            throw new RetryableStepFailure("the mail to " + where + " failed: " + clean(e.getMessage()));
        }
    }

    /** The usable connection with this label in {@code org}, of one of the given kinds; a step failure otherwise. */
    Connection connection(OrgId org, String label, Set<ConnectionKind> kinds) {
        if (label == null || label.isBlank()) {
            throw new StepFailed("no connection is configured for this step");
        }
        List<Connection> found = connections.named(org, label.strip()).stream()
                .filter(c -> kinds.contains(c.kind()))
                .toList();
        if (found.isEmpty()) {
            throw new StepFailed("there is no connection named '" + label.strip() + "' of kind " + kindNames(kinds));
        }
        Connection c = found.stream().filter(Connection::usable).findFirst()
                .orElseThrow(() -> new StepFailed("the connection '" + label.strip() + "' is revoked"));
        return c;
    }

    /**
     * Sends and returns the answer when it is 2xx/3xx. 5xx, 408, 429 and failed exchanges are retryable; other
     * 4xx and refusals by the gateway are permanent.
     *
     * @param errorDetail reads a short reason out of a refusal's body (may return null)
     */
    EgressResponse send(EgressRequest request, java.util.function.Function<EgressResponse, String> errorDetail) {
        String where = where(request);
        EgressResponse response;
        try {
            response = egress.send(request);
        } catch (EgressDeniedException e) {
            throw new StepFailed("Charter's egress gateway refused the request to " + where + ": " + clean(e.reason()));
        } catch (EgressFailedException e) {
            throw new RetryableStepFailure("the request to " + where + " failed: " + clean(e.getMessage()));
        }
        int status = response.status();
        if (status < 400) {
            return response;
        }
        String detail = errorDetail == null ? null : errorDetail.apply(response);
        String message = request.method() + " " + where + " answered " + status
                + (detail == null || detail.isBlank() ? "" : ": " + clean(detail));
        if (status >= 500 || status == 408 || status == 429) {
            throw new RetryableStepFailure(message);
        }
        throw new StepFailed(message);
    }

    /** How much of a refusing answer's body a failed step shows: enough to see why, scanned by egress's DLP first. */
    static final int ERROR_EXCERPT_CHARS = 300;

    /** A bounded, DLP-scanned excerpt of an answer's body, for a failed step's message. */
    String excerpt(OrgId org, EgressResponse response) {
        return egress.readableExcerpt(org, response, ERROR_EXCERPT_CHARS);
    }

    /** {status, headers (a safe subset), body (JSON if the answer is JSON, else text, capped)}. */
    Map<String, Object> output(EgressResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", response.status());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (KEPT_HEADERS.contains(n) && !values.isEmpty()) {
                headers.put(n, values.get(0));
            }
        });
        out.put("headers", headers);
        out.put("body", body(response));
        return out;
    }

    Object body(EgressResponse response) {
        String type = response.header("Content-Type");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (type != null && type.toLowerCase(Locale.ROOT).contains("json") && text.length() <= 4 * MAX_BODY_CHARS) {
            try {
                return json.readValue(text, Object.class);
            } catch (RuntimeException e) {
                // not valid JSON after all: keep it as text
            }
        }
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text;
    }

    /** Scheme and host of the request's destination, never its path or query. */
    static String where(EgressRequest request) {
        URI u = request.url() != null ? request.url() : request.credential().base();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    /** Cuts paths and queries out of URLs and shortens: a message from elsewhere may quote a secret URL. */
    static String clean(String message) {
        if (message == null) {
            return "no reason given";
        }
        String s = URL.matcher(message).replaceAll("$1/…");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String kindNames(Set<ConnectionKind> kinds) {
        return kinds.stream().map(ConnectionKind::title).sorted().reduce((a, b) -> a + " or " + b).orElse("");
    }
}
