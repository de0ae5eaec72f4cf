package dev.charter.reviews.calls.web;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.identity.CurrentUser;
import dev.charter.reviews.calls.internal.Attestation;
import dev.charter.reviews.calls.internal.Call;
import dev.charter.reviews.calls.internal.CallDeletion;
import dev.charter.reviews.calls.internal.CallSettingsService;
import dev.charter.reviews.calls.internal.Calls;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.vault.SecretValue;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The call pages: settings with the attestation, the calls list with deletion, one call's analysis. */
@Controller
class CallsPagesController {

    private final CallSettingsService settings;
    private final Calls calls;
    private final CallDeletion deletion;
    private final Connections connections;

    CallsPagesController(CallSettingsService settings, Calls calls, CallDeletion deletion, Connections connections) {
        this.settings = settings;
        this.calls = calls;
        this.deletion = deletion;
        this.connections = connections;
    }

    @GetMapping("/reviews/calls/settings")
    String settingsPage(@AuthenticationPrincipal CurrentUser me, Model model) {
        return settingsView(me, model, Map.of());
    }

    private String settingsView(CurrentUser me, Model model, Map<String, String> errors) {
        var current = settings.settings(me.orgId());
        model.addAttribute("s", current);
        model.addAttribute("domainsText", String.join("\n", current.internalDomains()));
        model.addAttribute("attestationText", Attestation.TEXT);
        model.addAttribute("attestationVersion", Attestation.VERSION);
        model.addAttribute("errors", errors);
        List<Connection> all = connections.list(me.orgId()).stream().filter(Connection::usable).toList();
        model.addAttribute("zoomConnections", all.stream().filter(c -> c.kind() == ConnectionKind.ZOOM).toList());
        model.addAttribute("aircallConnections", all.stream().filter(c -> c.kind() == ConnectionKind.AIRCALL).toList());
        model.addAttribute("teamsConnections", all.stream().filter(c -> c.kind() == ConnectionKind.MS_TEAMS).toList());
        model.addAttribute("zoomHook", "/webhooks/calls/zoom/" + me.orgId());
        model.addAttribute("aircallHook", "/webhooks/calls/aircall/" + me.orgId());
        return "reviews/calls-settings";
    }

    @PostMapping("/reviews/calls/consent")
    String consent(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String version,
                   @RequestParam(required = false) String confirm, Model model, HttpServletResponse response) {
        try {
            settings.enable(me, version, confirm != null);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return settingsView(me, model, e.fieldErrors());
        }
        return "redirect:/reviews/calls/settings";
    }

    @PostMapping("/reviews/calls/consent/withdraw")
    String withdraw(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String deleteAnalysed) {
        settings.disable(me, deleteAnalysed != null);
        return "redirect:/reviews/calls/settings";
    }

    @PostMapping("/reviews/calls/domains")
    String domains(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String domains, Model model,
                   HttpServletResponse response) {
        try {
            settings.domains(me, Arrays.asList(domains.split("[\\s,;]+")));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return settingsView(me, model, e.fieldErrors());
        }
        return "redirect:/reviews/calls/settings";
    }

    @PostMapping("/reviews/calls/connections")
    String connections(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String zoomConnection,
                       @RequestParam(defaultValue = "") String zoomSecret,
                       @RequestParam(defaultValue = "") String aircallConnection,
                       @RequestParam(defaultValue = "") String aircallToken,
                       @RequestParam(defaultValue = "") String teamsConnection, Model model, HttpServletResponse response) {
        try {
            settings.connections(me, id(zoomConnection), secret(zoomSecret), id(aircallConnection), secret(aircallToken),
                    id(teamsConnection));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return settingsView(me, model, e.fieldErrors());
        }
        return "redirect:/reviews/calls/settings";
    }

    @GetMapping("/reviews/calls")
    String list(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("calls", calls.list(me.orgId()));
        model.addAttribute("s", settings.settings(me.orgId()));
        return "reviews/calls";
    }

    @GetMapping("/reviews/calls/{callId}")
    String one(@AuthenticationPrincipal CurrentUser me, @PathVariable("callId") String id, Model model) {
        Call c = calls.find(me.orgId(), CallsApiController.uuid(id)).orElseThrow(() -> new NotFoundException("Call"));
        model.addAttribute("call", c);
        model.addAttribute("analysis", Calls.analysis(c));
        return "reviews/call";
    }

    @PostMapping("/reviews/calls/{callId}/delete")
    String delete(@AuthenticationPrincipal CurrentUser me, @PathVariable("callId") String id) {
        deletion.delete(me, CallsApiController.uuid(id));
        return "redirect:/reviews/calls";
    }

    private static UUID id(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(v.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("connection", "Choose a connection from the list.");
        }
    }

    private static SecretValue secret(String v) {
        return v == null || v.isBlank() ? null : SecretValue.of(v);
    }
}
