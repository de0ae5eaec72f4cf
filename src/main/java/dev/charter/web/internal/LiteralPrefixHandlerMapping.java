package dev.charter.web.internal;

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
 */
final class LiteralPrefixHandlerMapping extends RequestMappingHandlerMapping {

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
