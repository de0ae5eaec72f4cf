package dev.charter.privacy.internal;

import dev.charter.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Counts a page view (DSR-4) for a signed-in GET of an HTML page that succeeded: the route pattern
 * (never the concrete path, which may hold ids), per organization and day. Nothing is counted when
 * the browser sends {@code DNT: 1} or {@code Sec-GPC: 1}, for htmx partial requests, or when the
 * person opted out or restricted processing. It reads no cookie and sets none.
 */
class PageViewInterceptor implements HandlerInterceptor {

    private final UsageCounter counter;

    PageViewInterceptor(UsageCounter counter) {
        this.counter = counter;
    }

    static boolean doNotTrack(HttpServletRequest request) {
        return "1".equals(trim(request.getHeader("DNT"))) || "1".equals(trim(request.getHeader("Sec-GPC")));
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (ex != null || !"GET".equals(request.getMethod()) || response.getStatus() != 200 || doNotTrack(request)
                || request.getHeader("HX-Request") != null || !isPage(handler)) {
            return;
        }
        if (!(request.getUserPrincipal() instanceof Authentication auth) || !(auth.getPrincipal() instanceof CurrentUser me)) {
            return;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            counter.pageViewed(me.orgId(), me.userId(), pattern.toString());
        }
    }

    private static boolean isPage(Object handler) {
        if (!(handler instanceof HandlerMethod m)) {
            return false;
        }
        return AnnotatedElementUtils.hasAnnotation(m.getBeanType(), Controller.class)
                && !AnnotatedElementUtils.hasAnnotation(m.getBeanType(), ResponseBody.class)
                && !m.hasMethodAnnotation(ResponseBody.class)
                && !m.getMethod().getReturnType().equals(org.springframework.http.ResponseEntity.class);
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
