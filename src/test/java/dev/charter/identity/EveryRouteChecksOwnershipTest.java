package dev.charter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.CharterTest;
import dev.charter.testing.Http;
import dev.charter.testing.OwnedObjects;
import dev.charter.testing.Tenant;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.MethodParameter;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * ACC-3 on every route, not a sample: every registered route whose path names an object is called
 * by a member of another organization with the ids of objects that exist, on GET and on every
 * state-changing method, and must answer 404 exactly as for an id that does not exist. A route
 * added later without an {@link OwnedObjects} fixture for its path variable makes this test fail.
 */
@CharterTest
class EveryRouteChecksOwnershipTest {

    private static final String WIDGET = "a chat widget is public by design (its key is in the site's snippet); a "
            + "visitor's conversation is reached only by its token, within the widget's organization (CrewsWidgetTest)";

    /** Routes with a path variable that are public on purpose, and why. */
    static final Map<String, String> PUBLIC_ROUTES = Map.ofEntries(
            Map.entry("/invite/{token}", "the invitation link is its own secret"),
            Map.entry("/api/v1/auth/invitations/{token}", "the invitation link is its own secret"),
            Map.entry("/hooks/{pilotId}/{secret}", "a delivery URL: its per-Pilot secret authenticates it (PIL-2)"),
            Map.entry("/hooks/{pilotId}", "a delivery URL: its secret header or body signature authenticates it (PIL-2)"),
            Map.entry("/webhooks/calls/zoom/{orgId}", "a provider's webhook: Zoom's x-zm-signature under the organization's secret authenticates it"),
            Map.entry("/webhooks/calls/aircall/{orgId}", "a provider's webhook: Aircall's token under the organization's secret authenticates it"),
            Map.entry("/webhooks/perfcases/github/{codeHostId}", "the GitHub App's webhook: X-Hub-Signature-256 under the installation's webhook secret authenticates it"),
            Map.entry("/widget/{widgetKey}", WIDGET),
            Map.entry("/api/v1/crews/widget/{widgetKey}/config", WIDGET),
            Map.entry("/api/v1/crews/widget/{widgetKey}/messages", WIDGET),
            Map.entry("/api/v1/crews/widget/{widgetKey}/contact", WIDGET),
            Map.entry("/api/v1/crews/widget/{widgetKey}/person", WIDGET),
            Map.entry("/api/v1/crews/widget/{widgetKey}/events", WIDGET));

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    record Route(String pattern, Set<RequestMethod> methods, HandlerMethod handler) {}

    @Test
    @Tag("claim:ACC-3")
    void anotherOrganizationGets404OnEveryRouteThatNamesAnObject() throws Exception {
        Tenant owner = Tenant.signUp(port);
        Tenant stranger = Tenant.signUp(port);
        Map<String, String> ids = fixtures(owner);

        List<Route> routes = routesWithVariables();
        assertThat(routes).as("routes discovered").isNotEmpty();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Route route : routes) {
            Set<String> variables = variables(route.pattern());
            List<String> missing = variables.stream().filter(v -> !ids.containsKey(v)).toList();
            if (!missing.isEmpty()) {
                failures.add(route.pattern() + ": no OwnedObjects fixture provides " + missing);
                continue;
            }
            String ownedPath = expand(route.pattern(), ids);
            Map<String, String> unknownIds = new HashMap<>();
            variables.forEach(v -> unknownIds.put(v, UUID.randomUUID().toString()));
            String unknownPath = expand(route.pattern(), unknownIds);
            Set<RequestMethod> methods = route.methods().isEmpty()
                    ? Set.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE)
                    : route.methods();
            for (RequestMethod method : methods) {
                calls++;
                Http.Response onOwned = call(stranger, method, ownedPath, route.handler());
                Http.Response onUnknown = call(stranger, method, unknownPath, route.handler());
                if (onOwned.status() != 404) {
                    failures.add(method + " " + route.pattern() + " answered " + onOwned.status()
                            + " to another organization: " + abbreviate(onOwned.body()));
                } else if (onUnknown.status() != 404 || !sameShape(onOwned, onUnknown, ownedPath, unknownPath)) {
                    failures.add(method + " " + route.pattern() + " answers differently for an existing object");
                }
            }
        }
        assertThat(failures).as("routes that leak across organizations (%d calls)", calls).isEmpty();

        // the fixtures are real: the owner can read what the stranger could not
        assertThat(owner.browser().get("/api/v1/organization/members").body()).contains(ids.get("userId"));
        assertThat(owner.browser().get("/api/v1/account/tokens").body()).contains(ids.get("tokenId"));
    }

    private Map<String, String> fixtures(Tenant owner) throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(OwnedObjects.class));
        Map<String, String> ids = new HashMap<>();
        for (var candidate : scanner.findCandidateComponents("dev.charter")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (type.isInterface()) {
                continue;
            }
            OwnedObjects fixture = (OwnedObjects) type.getDeclaredConstructor().newInstance();
            ids.putAll(fixture.create(owner, context));
        }
        return ids;
    }

    private List<Route> routesWithVariables() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            for (String pattern : info.getPatternValues()) {
                if (variables(pattern).isEmpty() || PUBLIC_ROUTES.containsKey(pattern)) {
                    continue;
                }
                routes.add(new Route(pattern, info.getMethodsCondition().getMethods(), e.getValue()));
            }
        }
        routes.sort(java.util.Comparator.comparing(Route::pattern));
        return routes;
    }

    private static Http.Response call(Tenant as, RequestMethod method, String path, HandlerMethod handler) {
        if (path.startsWith("/api/")) {
            return as.api().json(method.name(), path, Map.of());
        }
        Http browser = as.browser();
        if (method == RequestMethod.GET) {
            return browser.get(path);
        }
        Map<String, String> form = new HashMap<>(plausibleParameters(handler.getMethod()));
        form.put("_csrf", browser.csrf("/account"));
        if (method == RequestMethod.POST) {
            return browser.formRaw(path, form);
        }
        return browser.json(method.name(), path, Map.of());
    }

    /** Values that pass binding for each @RequestParam, so that only ownership decides the answer. */
    private static Map<String, String> plausibleParameters(Method method) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < method.getParameterCount(); i++) {
            MethodParameter p = new MethodParameter(method, i);
            RequestParam rp = p.getParameterAnnotation(RequestParam.class);
            if (rp == null) {
                continue;
            }
            String name = !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value()
                    : method.getParameters()[i].getName();
            Class<?> type = p.getParameterType();
            values.put(name, type.isEnum() ? ((Enum<?>) type.getEnumConstants()[0]).name()
                    : type == UUID.class ? UUID.randomUUID().toString() : "1");
        }
        return values;
    }

    private static Set<String> variables(String pattern) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String expand(String pattern, Map<String, String> ids) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(ids.get(m.group(1))));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Equal but for the path itself, ids, and the per-response CSRF mask of pages. */
    private static boolean sameShape(Http.Response a, Http.Response b, String pathA, String pathB) {
        return normalize(a.body(), pathA).equals(normalize(b.body(), pathB));
    }

    private static String normalize(String body, String path) {
        return body.replace(path, "").replaceAll("[0-9a-f-]{36}", "ID")
                .replaceAll("name=\"csrf-token\" content=\"[^\"]*\"", "")
                .replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
