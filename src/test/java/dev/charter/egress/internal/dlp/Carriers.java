package dev.charter.egress.internal.dlp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbound texts a phrase travels in: JSON bodies (escaped line breaks and quotes), JSON inside a JSON string,
 * Slack messages, form and multipart bodies, query strings, emails (plain, quoted-printable, base64, an encoded-word
 * subject), log lines, config files, curl commands and base64-encoded values. Each returns the text and the part of
 * it that carries the phrase's secret once encoded (what a finding must cover).
 */
final class Carriers {

    /** A text and the encoded form of the secret within it. */
    record Carried(String carrier, String text, String covers) {}

    static final List<String> ALL = List.of("json", "slack", "json-in-json", "form", "multipart", "query", "email-plain",
            "email-qp", "email-base64", "email-subject", "log", "env", "yaml", "curl", "base64-value", "prose");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Carriers() {}

    static Carried carry(String carrier, String phrase, String secret, ProviderFormats f) {
        return switch (carrier) {
            case "json" -> {
                String text = json(map("id", f.uuid(), "type", "note", "body", "Handover notes:\n- rotate the old one\n"
                        + phrase + "\n- ping me when done", "created_at", "2026-03-0" + f.between(1, 9) + "T10:00:00Z"));
                yield new Carried(carrier, text, escaped(secret));
            }
            case "slack" -> {
                String msg = "<@U0" + f.chars(ProviderFormats.UPPER + ProviderFormats.DIGITS, 8) + "> here you go:\n```" + phrase + "```";
                String text = json(map("channel", "C0" + f.chars(ProviderFormats.UPPER + ProviderFormats.DIGITS, 9), "text", msg,
                        "blocks", List.of(map("type", "section", "text", map("type", "mrkdwn", "text", msg)))));
                yield new Carried(carrier, text, escaped(secret));
            }
            case "json-in-json" -> {
                String inner = json(map("service", "billing", "settings", phrase, "enabled", true));
                String text = json(map("event", "config.updated", "payload", inner));
                yield new Carried(carrier, text, escaped(escaped(secret)));
            }
            case "form" -> new Carried(carrier, "channel=ops&text=" + form("status update: " + phrase) + "&as_user=true",
                    form(secret));
            case "multipart" -> {
                String boundary = "----form" + f.chars(ProviderFormats.ALNUM, 16);
                String text = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nNightly export\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"settings.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n" + phrase + "\r\n--" + boundary + "--\r\n";
                yield new Carried(carrier, text, secret);
            }
            case "query" -> new Carried(carrier, "/hooks/relay?source=ci&note=" + form(phrase) + "&run=" + f.between(100, 9999),
                    form(secret));
            case "email-plain" -> new Carried(carrier, "Hi team,\n\nas discussed, here is what the integration needs:\n\n" + phrase
                    + "\n\nPlease store it somewhere safe.\n\nBest,\nSam", secret);
            case "email-qp" -> QuotedPrintable.message("Hello,\r\n\r\nthe vendor sent this for the = migration:\r\n" + phrase
                    + "\r\n\r\nThanks,\r\nKim", phrase, secret);
            case "email-base64" -> {
                String b64 = mime(Base64.getMimeEncoder().encodeToString(("Bonjour,\r\n\r\nVoici la configuration:\r\n" + phrase
                        + "\r\n\r\nMerci").getBytes(StandardCharsets.UTF_8)));
                String text = "From: ops@shop.test\r\nTo: vendor@partner.test\r\nSubject: config\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n";
                yield new Carried(carrier, text, b64);
            }
            case "email-subject" -> {
                String b64 = Base64.getEncoder().encodeToString(("Key: " + phrase).getBytes(StandardCharsets.UTF_8));
                String text = "From: ops@shop.test\r\nTo: dev@shop.test\r\nSubject: =?UTF-8?B?" + b64 + "?=\r\n\r\nsee subject\r\n";
                yield new Carried(carrier, text, b64);
            }
            case "log" -> new Carried(carrier, "2026-03-04T12:00:0" + f.between(0, 9) + ".123Z WARN [http-nio-8080-exec-"
                    + f.between(1, 9) + "] c.s.integration.Client - upstream refused the request, retrying; context: " + phrase
                    + " attempt=" + f.between(1, 5), secret);
            case "env" -> new Carried(carrier, "# production\nAPP_ENV=production\nLOG_LEVEL=info\n"
                    + (phrase.contains("=") || phrase.contains(": ") ? phrase : "INTEGRATION_TOKEN=" + phrase)
                    + "\nFEATURE_FLAGS=a,b\n", secret);
            case "yaml" -> new Carried(carrier, "integration:\n  name: orders\n  timeout: 30s\n  credentials: |\n    "
                    + phrase.replace("\n", "\n    ") + "\n  retries: 3\n", secret.replace("\n", "\n    "));
            case "curl" -> new Carried(carrier, "curl -sS -X POST https://api.partner.test/v2/jobs -H 'Content-Type: application/json'"
                    + " -d '{\"note\": \"" + phrase.replace("\n", "\\n").replace("\"", "\\\"") + "\"}'",
                    secret.replace("\n", "\\n").replace("\"", "\\\""));
            case "base64-value" -> {
                String b64 = Base64.getEncoder().encodeToString(("# generated\n" + phrase + "\n").getBytes(StandardCharsets.UTF_8));
                yield new Carried(carrier, json(map("name", "settings.env", "encoding", "base64", "content", b64)), b64);
            }
            case "prose" -> new Carried(carrier, "Can you try again with this one? " + phrase + " (the old one was revoked "
                    + "this morning).", secret);
            default -> throw new IllegalArgumentException(carrier);
        };
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    static String escaped(String s) {
        String quoted = JSON.writeValueAsString(s);
        return quoted.substring(1, quoted.length() - 1);
    }

    static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String mime(String b64) {
        return b64.replace("\r\n", "\r\n");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
