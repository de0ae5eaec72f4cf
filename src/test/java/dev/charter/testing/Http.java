package dev.charter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests against a running Charter on 127.0.0.1. It keeps the session
 * cookie like a browser would (one cookie jar per instance), records every Set-Cookie it saw,
 * and can send a bearer token instead. Redirects are not followed, so tests see them.
 */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public List<String> headerValues(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> setCookies = new ArrayList<>();
    private String bearer;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    /** Sends {@code Authorization: Bearer token} instead of the cookie from now on. */
    public Http bearer(String token) {
        this.bearer = token;
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public List<String> setCookieHeaders() {
        return setCookies;
    }

    public void cookie(String name, String value) {
        cookies.put(name, value);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response postJson(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public Response json(String method, String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body))));
    }

    /** Posts a form the way a browser does, with the CSRF token read from {@code pagePath}. */
    public Response form(String pagePath, String action, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf(pagePath));
        return formRaw(action, all);
    }

    /** Posts a form without fetching a CSRF token first (for tests of refusals). */
    public Response formRaw(String action, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(request(action).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public String csrf(String pagePath) {
        Response page = get(pagePath);
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on " + pagePath + " (status " + page.status() + ")");
        }
        return m.group(1).replace("&#39;", "'").replace("&amp;", "&");
    }

    public Response send(HttpRequest.Builder builder) {
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        } else if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            for (String sc : r.headers().allValues("set-cookie")) {
                setCookies.add(sc);
                String[] nv = sc.split(";", 2)[0].split("=", 2);
                if (nv.length == 2 && !nv[1].isEmpty() && !sc.toLowerCase().contains("max-age=0")) {
                    cookies.put(nv[0], nv[1]);
                } else {
                    cookies.remove(nv[0]);
                }
            }
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
