package dev.charter.web.internal;

import dev.charter.shared.HighVolumeRoutes;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's annotated-controller lookup with a cheap first test. A path with variables in it
 * ({@code /hooks/{pilotId}/{secret}}, {@code /api/v1/pilots/{id}}) has no direct entry, so Spring evaluates every
 * mapping's conditions (method, CORS pre-flight, headers, media types, then the patterns) against the request in
 * turn; with Charter's few hundred mappings that walk was a third of the CPU time of a webhook delivery. Each
 * pattern begins with literal segments ({@code /hooks/}, {@code /api/v1/pilots/}), and a request whose path begins
 * with none of its mapping's literal beginnings cannot match it, so that mapping is passed over before any of its
 * conditions is evaluated. What Spring decides is unchanged: the test only ever says "cannot match" for a mapping
 * whose patterns could not have matched, and paths that patterns match after decoding ({@code %} escapes) or
 * without path parameters ({@code ;}) always get the full evaluation, as does every mapping when patterns are
 * matched without regard to case.
 *
 * <p>Controllers a module declares as {@link HighVolumeRoutes} are also registered in a small mapping of their own,
 * asked first: a webhook delivery is compared with the delivery routes only. That mapping never decides a refusal
 * (no match, a wrong method or media type: the full lookup runs and answers as it would have), and the application
 * refuses to start when a high-volume pattern could overlap another controller's, so asking it first can never
 * take a request away from the route Spring would have chosen.
 */
final class LiteralPrefixHandlerMapping extends RequestMappingHandlerMapping {

    /** The high-volume routes, or null when no module declares any. */
    private HotRoutes hot;

    /** The mapping of the high-volume controllers alone; it finds their handler or says nothing. */
    private static final class HotRoutes extends RequestMappingHandlerMapping {
        private final java.util.Set<Class<?>> controllers;

        HotRoutes(java.util.Set<Class<?>> controllers) {
            this.controllers = controllers;
        }

        @Override
        protected boolean isHandler(Class<?> beanType) {
            return controllers.contains(org.springframework.util.ClassUtils.getUserClass(beanType));
        }

        @Override
        protected HandlerMethod handleNoMatch(java.util.Set<RequestMappingInfo> infos, String lookupPath,
                                              HttpServletRequest request) {
            return null; // the full lookup decides what to answer
        }

        HandlerMethod find(HttpServletRequest request) throws Exception {
            return getHandlerInternal(request);
        }
    }

    @Override
    public void afterPropertiesSet() {
        super.afterPropertiesSet();
        java.util.Set<Class<?>> controllers = new java.util.HashSet<>();
        obtainApplicationContext().getBeanProvider(HighVolumeRoutes.class).orderedStream()
                .forEach(r -> controllers.addAll(r.controllers()));
        if (controllers.isEmpty()) {
            return;
        }
        HotRoutes routes = new HotRoutes(controllers);
        routes.setApplicationContext(obtainApplicationContext());
        routes.setPatternParser(getPatternParser());
        routes.setContentNegotiationManager(getContentNegotiationManager());
        routes.setPathPrefixes(getPathPrefixes());
        routes.afterPropertiesSet();
        checkApart(routes);
        hot = routes;
    }

    /**
     * Refuses high-volume patterns that another controller's pattern could also match: a plain-text pattern of
     * another controller overlaps when a high-volume pattern matches it; any other when the literal beginnings of
     * the two are one the start of the other.
     */
    private void checkApart(HotRoutes routes) {
        List<PathPattern> hotPatterns = new ArrayList<>();
        routes.getHandlerMethods().keySet().forEach(info -> {
            if (beginningsOf(info).length == 0) {
                throw new IllegalStateException("a high-volume route needs a literal beginning: " + info);
            }
            hotPatterns.addAll(info.getPathPatternsCondition().getPatterns());
        });
        getHandlerMethods().forEach((info, method) -> {
            if (routes.isHandler(method.getBeanType()) || info.getPathPatternsCondition() == null) {
                return;
            }
            for (PathPattern other : info.getPathPatternsCondition().getPatterns()) {
                String text = other.getPatternString();
                String otherBeginning = literalBeginning(text);
                for (PathPattern h : hotPatterns) {
                    boolean overlaps = otherBeginning.equals(text)
                            ? h.matches(org.springframework.http.server.PathContainer.parsePath(text))
                            : h.getPatternString().startsWith(otherBeginning)
                                    || otherBeginning.startsWith(literalBeginning(h.getPatternString()));
                    if (overlaps) {
                        throw new IllegalStateException("high-volume route " + h.getPatternString() + " overlaps " + info);
                    }
                }
            }
        });
    }

    @Override
    protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
        if (hot != null) {
            HandlerMethod found = hot.find(request);
            if (found != null) {
                return found;
            }
        }
        return super.getHandlerInternal(request);
    }

    /** The lookup path of the request being mapped on this thread, or null when it must be evaluated in full. */
    private static final ThreadLocal<String> LOOKUP = new ThreadLocal<>();

    /**
     * Each registered mapping's literal beginnings, one per pattern (an empty array: "could match anything"), by
     * identity: the lookup asks about the very instances that were registered. Replaced whole on each registration
     * (all happen at start), so a lookup reads it without a lock.
     */
    private volatile Map<RequestMappingInfo, String[]> beginnings = new IdentityHashMap<>();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        Map<RequestMappingInfo, String[]> next = new IdentityHashMap<>(beginnings);
        next.put(mapping, beginningsOf(mapping));
        beginnings = next;
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        boolean plain = lookupPath.indexOf('%') < 0 && lookupPath.indexOf(';') < 0
                && (getPatternParser() == null || getPatternParser().isCaseSensitive());
        LOOKUP.set(plain ? lookupPath : null);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            LOOKUP.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = LOOKUP.get();
        if (path != null) {
            String[] b = beginnings.get(info);
            if (!couldMatch(b != null ? b : beginningsOf(info), path)) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    static boolean couldMatch(String[] beginnings, String path) {
        if (beginnings.length == 0) {
            return true;
        }
        for (String b : beginnings) {
            if (path.startsWith(b)) {
                return true;
            }
        }
        return false;
    }

    /** The literal beginning of each of the mapping's patterns; none when a pattern begins with a variable or has no patterns. */
    static String[] beginningsOf(RequestMappingInfo info) {
        PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
        if (patterns == null || patterns.getPatterns().isEmpty()) {
            return new String[0];
        }
        List<String> out = new ArrayList<>();
        for (PathPattern p : patterns.getPatterns()) {
            String b = literalBeginning(p.getPatternString());
            if (b.length() <= 1) {
                return new String[0]; // "/" or "": any path could match
            }
            out.add(b);
        }
        return out.toArray(String[]::new);
    }

    /**
     * The pattern up to and including the last '/' before its first segment that is not plain text (a variable, a
     * wildcard, a capture); the whole pattern when every segment is plain text.
     */
    static String literalBeginning(String pattern) {
        int segmentStart = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '/') {
                segmentStart = i + 1;
            } else if (c == '{' || c == '*' || c == '?' || c == '\\') {
                return pattern.substring(0, segmentStart);
            }
        }
        return pattern;
    }
}
