package dev.charter.connectors.web;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.connectors.NewConnection;
import dev.charter.egress.SmtpSecurity;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ForbiddenException;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The connections page: the list without secrets, an add form per kind, verify and disconnect. */
@Controller
class ConnectionsPageController {

    /** Form fields that are never sent back to the browser. */
    static final Set<String> SECRET_FIELDS = Set.of("secret", "webhookUrl", "fernetToken", "fernetKey");

    private final Connections connections;

    ConnectionsPageController(Connections connections) {
        this.connections = connections;
    }

    @GetMapping("/connections")
    String page(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("oauthKinds", java.util.Arrays.stream(ConnectionKind.values()).filter(ConnectionKind::oauth).toList());
        model.addAttribute("connections", connections.list(me.orgId()).stream().map(ConnectionView::of).toList());
        model.addAttribute("schemes", List.of(AuthScheme.BEARER, AuthScheme.BASIC, AuthScheme.HEADER));
        model.addAttribute("smtpSecurities", List.of(SmtpSecurity.values()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("authScheme", "BEARER", "verify", "on"));
        }
        if (!model.containsAttribute("openForm")) {
            model.addAttribute("openForm", "");
        }
        return "connectors/connections";
    }

    @PostMapping("/connections")
    String create(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                  HttpServletResponse response) {
        if (!me.isAdmin()) {
            throw new ForbiddenException("Only an owner or admin can connect services.");
        }
        ConnectionKind kind = java.util.Arrays.stream(ConnectionKind.values())
                .filter(k -> k.name().equals(form.get("kind"))).findFirst().orElse(ConnectionKind.HTTP_API);
        AuthScheme scheme = switch (form.getOrDefault("authScheme", "")) {
            case "BASIC" -> AuthScheme.BASIC;
            case "HEADER" -> AuthScheme.HEADER;
            case "BEARER" -> AuthScheme.BEARER;
            default -> null;
        };
        var request = new NewConnection(kind, form.get("label"), form.get("baseUrl"),
                kind.webhook() ? AuthScheme.URL : scheme,
                kind == ConnectionKind.AWS_BEDROCK ? form.get("region")
                        : kind == ConnectionKind.GOOGLE_VERTEX
                        ? ConnectionsApiController.vertexScope(form.get("project"), form.get("region"), form.get("model"))
                        : form.get("headerName"), form.get("username"),
                secret(form, "secret"), secret(form, "webhookUrl"), secret(form, "fernetToken"), secret(form, "fernetKey"),
                form.get("scopes") == null ? List.of() : List.of(form.get("scopes")), form.get("verifyPath"),
                form.get("host"), port(form.get("port")), security(form.get("security")), form.get("from"));
        boolean verify = form.containsKey("verify");
        try {
            connections.create(me, request, verify);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.keySet().removeAll(SECRET_FIELDS);
            kept.remove("_csrf");
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("form", kept);
            model.addAttribute("openForm", kind.name());
            return page(me, model);
        }
        return "redirect:/connections?notice=" + (verify ? "connection-verified-saved" : "connection-saved");
    }

    @PostMapping("/connections/{connectionId}/verify")
    String verify(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId) {
        var checked = connections.verify(me, new ConnectionId(connectionId));
        return "redirect:/connections?notice=" + (checked.statusDetail() == null ? "connection-verified" : "connection-check-failed")
                + "#connection-" + connectionId;
    }

    @PostMapping("/connections/{connectionId}/disconnect")
    String disconnect(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId) {
        return "redirect:/connections?notice=" + connections.revoke(me, new ConnectionId(connectionId))
                .map(c -> "connection-revoked").orElse("connection-removed");
    }

    /** The port as typed; 0 (refused with a message) when it is not a number, null when empty. */
    private static Integer port(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static SmtpSecurity security(String value) {
        return java.util.Arrays.stream(SmtpSecurity.values()).filter(s -> s.name().equals(value)).findFirst().orElse(null);
    }

    private static SecretValue secret(Map<String, String> form, String field) {
        String v = form.get(field);
        return v == null || v.isEmpty() ? null : SecretValue.of(v);
    }
}
