package dev.charter.identity.internal;

import dev.charter.identity.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * A page form sent with a CSRF token of another sign-in (signed out, or out and in again in another tab) is not
 * answered with a bare 403 that loses what was typed: the person gets a page that says why, keeps every field
 * they sent (except passwords and secrets) in a form with this sign-in's token, and sends it again with one click.
 * Only same-origin form posts get it (the Origin header names this server: {@link SameOriginFilter} refused the
 * others already); API calls keep their problem details. The re-sent form is an ordinary request with every check.
 */
@Component
class StaleFormPage {

    /** Fields never written back into a page: whoever sends the form again types them again. */
    static final Set<String> SECRET_FIELDS = Set.of("password", "secret", "fernettoken", "fernetkey", "webhookurl");
    /** Sent in place of {@code action} when an htmx request came from another page: that page shows the draft again. */
    static final String RELOAD_ACTION = "reload";

    private final ITemplateEngine templates;

    StaleFormPage(ITemplateEngine templates) {
        this.templates = templates;
    }

    boolean handles(HttpServletRequest request, AccessDeniedException denied) {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        return denied instanceof CsrfException && "POST".equals(request.getMethod())
                && !request.getRequestURI().startsWith("/api/") && request.getHeader("Origin") != null
                && type.startsWith("application/x-www-form-urlencoded");
    }

    record Field(String name, String value) {}

    void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getRequestURI();
        String current = htmxPage(request);
        boolean elsewhere = current != null && !current.equals(target);
        List<Field> fields = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            String name = e.getKey();
            if (name.equals("_csrf") || (request.getQueryString() != null && queryNames(request).contains(name))) {
                continue;
            }
            if (SECRET_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                dropped.add(name);
                continue;
            }
            for (String v : e.getValue()) {
                fields.add(new Field(name, elsewhere && name.equals("action") ? RELOAD_ACTION : v));
            }
        }
        if (elsewhere && fields.stream().noneMatch(f -> f.name().equals("action"))) {
            fields.add(new Field("action", RELOAD_ACTION));
        }
        var auth = SecurityContextHolder.getContext().getAuthentication();
        CurrentUser me = auth != null && auth.getPrincipal() instanceof CurrentUser u ? u : null;
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response), Locale.ENGLISH);
        context.setVariable("me", me);
        context.setVariable("fields", fields);
        context.setVariable("dropped", dropped);
        context.setVariable("resendTo", elsewhere ? current
                : target + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        response.setStatus(403);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Charter-Resend", "1");
        templates.process("identity/resend", context, response.getWriter());
    }

    /** The path of the page an htmx request came from, when it is this server's. */
    private static String htmxPage(HttpServletRequest request) {
        String url = request.getHeader("HX-Current-URL");
        if (request.getHeader("HX-Request") == null || url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            return u.getHost() != null && u.getHost().equalsIgnoreCase(request.getServerName()) && u.getRawPath() != null
                    && u.getRawPath().startsWith("/") ? u.getRawPath() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Set<String> queryNames(HttpServletRequest request) {
        Set<String> names = new java.util.HashSet<>();
        for (String pair : request.getQueryString().split("&")) {
            int eq = pair.indexOf('=');
            names.add(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8));
        }
        return names;
    }
}
