package dev.charter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.pilots.PilotFixtures;
import dev.charter.storage.DatabaseTarget;
import dev.charter.testing.CharterTest;
import dev.charter.testing.DatabaseScan;
import dev.charter.testing.Http;
import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile bytes on every write route, discovered from the handler mappings (a route added later is covered):
 * a NUL (JSON escape, raw, {@code %00}), invalid UTF-8, a lone surrogate, an unsupported charset, a number that
 * overflows and a body over the limit each get 400, 415 or 413 with the field named, never a 500, and none of the
 * canaries they carry is stored anywhere. A declared ISO-8859-1 is decoded as such, and a valid canary is found by
 * the same database scan, so the scan can see what it looks for.
 */
@CharterTest
class HostileInputTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    private static final String PREFIX = "cnry-hostile-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 4);

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired DatabaseTarget database;
    @Autowired dev.charter.storage.CharterSettings settings;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    record Route(String pattern, RequestMethod method, HandlerMethod handler) {}

    record Attempt(String what, int status, String contentType, byte[] body) {}

    @Test
    void everyWriteRouteRefusesHostileInputNamingTheFieldAndStoresNothing() throws Exception {
        Tenant owner = Tenant.signUp(port);
        Map<String, String> ids = fixtures(owner);
        List<Route> routes = writeRoutes();
        assertThat(routes).as("write routes discovered").hasSizeGreaterThan(20);

        List<String> failures = new ArrayList<>();
        String csrf = owner.browser().csrf("/account");
        int calls = 0;
        int n = 0;
        for (Route route : routes) {
            String path = expand(route.pattern(), ids);
            boolean api = path.startsWith("/api/") || path.startsWith("/webhooks/"); // machines: answered in JSON
            for (Attempt a : api ? jsonAttempts(route, ++n) : formAttempts(route, ++n)) {
                calls++;
                Http.Response r = send(owner, route.method(), path, a, api, csrf);
                check(route.method() + " " + route.pattern() + " [" + a.what() + "]", r, a, api, failures);
            }
        }
        assertThat(failures).as("refusals that were wrong (%d calls over %d routes)", calls, routes.size()).isEmpty();
        assertThat(new DatabaseScan(database).find(PREFIX)).as("hostile canaries stored").isEmpty();
    }

    @Test
    void deliveriesRefuseWhatTheyCannotStoreExactlyAndHonourTheCharset() {
        Tenant owner = Tenant.signUp(port);
        var pilot = PilotFixtures.create(owner.api(), PilotFixtures.threeSteps("hostile deliveries"));
        String url = pilot.get("deliveryPath").asString();
        String c = PREFIX + "-delivery";
        Http h = new Http(port);
        List<String> failures = new ArrayList<>();
        record Case(String what, String type, byte[] body, int status, String field) {}
        List<Case> cases = List.of(
                new Case("json \\u0000", "application/json", utf8("{\"c\":\"" + c + "\\u0000\"}"), 400, "/c"),
                new Case("json lone surrogate", "application/json", utf8("{\"c\":\"" + c + "\\ud800\"}"), 400, "/c"),
                new Case("json invalid UTF-8", "application/json", concat(utf8("{\"c\":\"" + c), new byte[] {(byte) 0xC3, '"', '}'}), 400, "body"),
                new Case("json huge number", "application/json", utf8("{\"c\":\"" + c + "\",\"n\":1e999999999}"), 400, "/n"),
                new Case("text raw NUL", "text/plain", utf8(c + "\0"), 400, "body"),
                new Case("form %00", "application/x-www-form-urlencoded", utf8("c=" + c + "%00"), 400, "c"),
                new Case("form %FF", "application/x-www-form-urlencoded", utf8("c=" + c + "%FF"), 400, "c"),
                new Case("unsupported charset", "text/plain; charset=x-made-up", utf8(c), 415, null),
                new Case("over the limit", "text/plain", concat(utf8(c), new byte[settings.maxPayloadBytes()]), 413, null));
        for (Case k : cases) {
            Http.Response r = h.send(HttpRequest.newBuilder(URI.create(h.base() + url)).header("Content-Type", k.type())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(k.body())));
            if (r.status() != k.status() || !problemJson(r) || (k.field() != null && !r.json().path("errors").has(k.field()))) {
                failures.add(k.what() + ": " + r.status() + " " + abbreviate(r.body()));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(new DatabaseScan(database).find(c)).as("refused deliveries stored").isEmpty();

        // ISO-8859-1 declared is read as ISO-8859-1: 0xE9 is é, stored exactly as that character
        String latin = PREFIX + "-latin";
        byte[] body = concat(utf8(latin + " caf"), new byte[] {(byte) 0xE9});
        var ok = h.send(HttpRequest.newBuilder(URI.create(h.base() + url)).header("Content-Type", "text/plain; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        var run = PilotFixtures.awaitRun(owner.api(), ok.json().get("run").asString());
        assertThat(run.toString()).contains(latin + " café");
        assertThat(new DatabaseScan(database).find(latin + " café")).isNotEmpty();
    }

    @Test
    void aDeclaredCharsetIsHonouredOnTheApiAndTheScanSeesWhatIsStored() {
        Tenant owner = Tenant.signUp(port);
        String name = PREFIX.replace("hostile", "valid") + " café";
        byte[] latin1 = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.ISO_8859_1);
        Http api = owner.api();
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/account/tokens"))
                .header("Content-Type", "application/json; charset=ISO-8859-1").POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(api.get("/api/v1/account/tokens").body()).contains(name);
        assertThat(new DatabaseScan(database).find(name)).as("the scan finds a stored canary").isNotEmpty();

        var form = owner.browser().form("/account", "/account/tokens", Map.of("name", "x"));
        assertThat(form.status()).as("a plain form still works").isLessThan(400);
    }

    @Test
    void anUploadedImportIsCheckedLikeEveryOtherBody() {
        Tenant owner = Tenant.signUp(port);
        Http browser = owner.browser();
        String csrf = browser.csrf("/pilots/import");
        String c = PREFIX + "-upload";
        String boundary = "b" + UUID.randomUUID();
        String json = "{\"format\":\"charter.pilot/v1\",\"title\":\"" + c + "\\u0000\"}";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary + "--\r\n";
        var r = browser.send(HttpRequest.newBuilder(URI.create(browser.base() + "/pilots/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", browser.base())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).as(abbreviate(r.body())).isEqualTo(400);
        assertThat(r.body()).contains("NUL");
        assertThat(new DatabaseScan(database).find(c)).isEmpty();
    }

    @Test
    void onlyADeclaredFileRouteTakesABodyOverThePayloadLimitAndUpToItsOwn() {
        Tenant owner = Tenant.signUp(port);
        String missing = "/api/v1/perfcases/cases/" + UUID.randomUUID();
        byte[] overPayload = new byte[settings.maxPayloadBytes() + 1];
        var file = owner.api().send(HttpRequest.newBuilder(URI.create(owner.api().base() + missing + "/profiles/jfr?version=1"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(overPayload)));
        assertThat(file.status()).as("read, then the case is not found").isEqualTo(404);
        var other = owner.api().send(HttpRequest.newBuilder(URI.create(owner.api().base() + missing + "/traces"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(overPayload)));
        assertThat(other.status()).as("not a file route").isEqualTo(413);
        var json = owner.api().send(HttpRequest.newBuilder(URI.create(owner.api().base() + missing + "/profiles/jfr?version=1"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(overPayload)));
        assertThat(json.status()).as("a file route takes only a file over the payload limit").isEqualTo(413);
        var overUpload = owner.api().send(HttpRequest.newBuilder(URI.create(owner.api().base() + missing + "/profiles/jfr?version=1"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[settings.maxUploadBytes() + 1])));
        assertThat(overUpload.status()).isEqualTo(413);
    }

    private List<Attempt> jsonAttempts(Route route, int n) {
        String c = PREFIX + "-" + n;
        List<Attempt> all = new ArrayList<>();
        all.add(new Attempt("json \\u0000", 400, "application/json", utf8(jsonBody(route, "\"" + c + "\\u0000\""))));
        all.add(new Attempt("json lone surrogate", 400, "application/json", utf8(jsonBody(route, "\"" + c + "\\udc00\""))));
        all.add(new Attempt("json invalid UTF-8", 400, "application/json",
                utf8(jsonBody(route, "\"" + c + "\u00e9\"")).clone()));
        all.get(2).body()[indexOf(all.get(2).body(), (byte) 0xC3) + 1] = (byte) 0x28; // C3 28 is not UTF-8
        all.add(new Attempt("json 1e999999999", 400, "application/json", utf8(jsonBody(route, "1e999999999"))));
        all.add(new Attempt("unsupported charset", 415, "application/json; charset=x-made-up", utf8(jsonBody(route, "\"" + c + "\""))));
        all.add(new Attempt("over the limit", 413, "application/json",
                utf8(jsonBody(route, "\"" + c + "x".repeat(settings.maxPayloadBytes()) + "\""))));
        return all;
    }

    private List<Attempt> formAttempts(Route route, int n) {
        String c = PREFIX + "-" + n;
        List<Attempt> all = new ArrayList<>();
        all.add(new Attempt("form %00", 400, "application/x-www-form-urlencoded", utf8(formBody(route, enc(c) + "%00"))));
        all.add(new Attempt("form %FF", 400, "application/x-www-form-urlencoded", utf8(formBody(route, enc(c) + "%FF"))));
        all.add(new Attempt("unsupported charset", 415, "application/x-www-form-urlencoded; charset=x-made-up",
                utf8(formBody(route, enc(c)))));
        all.add(new Attempt("over the limit", 413, "application/x-www-form-urlencoded",
                utf8(formBody(route, enc(c) + "x".repeat(settings.maxPayloadBytes())))));
        return all;
    }

    /** Every property the route's body type has, each set to {@code hostile}; a generic object for JSON trees. */
    private static String jsonBody(Route route, String hostile) {
        List<String> names = new ArrayList<>();
        for (Parameter p : route.handler().getMethod().getParameters()) {
            if (p.isAnnotationPresent(RequestBody.class) && p.getType().isRecord()) {
                for (var rc : p.getType().getRecordComponents()) {
                    names.add(rc.getName());
                }
            }
        }
        if (names.isEmpty()) {
            names.addAll(List.of("name", "title", "description", "payload"));
        }
        return names.stream().map(k -> "\"" + k + "\":" + hostile).collect(Collectors.joining(",", "{", "}"));
    }

    /** The route's request parameters (and the record components of a bound form), each set to {@code hostile}. */
    private static String formBody(Route route, String hostile) {
        Map<String, String> fields = new TreeMap<>();
        Method m = route.handler().getMethod();
        for (Parameter p : m.getParameters()) {
            RequestParam rp = p.getAnnotation(RequestParam.class);
            if (rp != null) {
                fields.put(!rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getName(), hostile);
            } else if (p.getType().isRecord() && p.getType().getPackageName().startsWith("dev.charter")) {
                for (var rc : p.getType().getRecordComponents()) {
                    fields.put(rc.getName(), hostile);
                }
            }
        }
        fields.putIfAbsent("name", hostile);
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    private static Http.Response send(Tenant owner, RequestMethod method, String path, Attempt a, boolean api, String csrf) {
        Http http = api ? owner.api() : owner.browser();
        byte[] body = a.body();
        if (!api) {
            body = concat(utf8("_csrf=" + enc(csrf) + "&"), body);
        }
        return http.send(HttpRequest.newBuilder(URI.create(http.base() + path)).header("Content-Type", a.contentType())
                .header("Origin", http.base()).method(method.name(), HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void check(String what, Http.Response r, Attempt a, boolean api, List<String> failures) {
        if (r.status() != a.status()) {
            failures.add(what + ": expected " + a.status() + ", got " + r.status() + " " + abbreviate(r.body()));
            return;
        }
        if (api) {
            if (!problemJson(r)) {
                failures.add(what + ": not a problem detail: " + r.header("Content-Type"));
            } else if (a.status() == 400 && r.json().path("errors").isEmpty()) {
                failures.add(what + ": the problem names no field: " + abbreviate(r.body()));
            }
        } else if (!String.valueOf(r.header("Content-Type")).startsWith("text/html")) {
            failures.add(what + ": a page got " + r.header("Content-Type"));
        } else if (a.status() == 400 && !r.body().matches("(?s).*(NUL|not valid UTF-8).*")) {
            failures.add(what + ": the error page does not say what was wrong");
        }
    }

    private static boolean problemJson(Http.Response r) {
        return String.valueOf(r.header("Content-Type")).startsWith("application/problem+json");
    }

    private Map<String, String> fixtures(Tenant owner) throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(OwnedObjects.class));
        Map<String, String> ids = new HashMap<>();
        for (var candidate : scanner.findCandidateComponents("dev.charter")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (!type.isInterface()) {
                ids.putAll(((OwnedObjects) type.getDeclaredConstructor().newInstance()).create(owner, context));
            }
        }
        return ids;
    }

    private List<Route> writeRoutes() {
        Set<RequestMethod> writes = Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH);
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/hooks/") || pattern.equals("/error")) {
                    continue; // deliveries have their own test below; /error is not a route anyone sends to
                }
                for (RequestMethod m : e.getKey().getMethodsCondition().getMethods()) {
                    if (writes.contains(m)) {
                        routes.putIfAbsent(m + " " + pattern, new Route(pattern, m, e.getValue()));
                    }
                }
            }
        }
        return routes.values().stream().sorted(java.util.Comparator.comparing(Route::pattern)).toList();
    }

    private static String expand(String pattern, Map<String, String> ids) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(ids.getOrDefault(m.group(1), UUID.randomUUID().toString())));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("byte not found");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
