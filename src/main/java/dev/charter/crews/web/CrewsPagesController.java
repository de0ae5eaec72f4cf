package dev.charter.crews.web;

import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.Connections;
import dev.charter.crews.internal.CrewMailboxes;
import dev.charter.crews.internal.CrewService;
import dev.charter.crews.internal.CrewsAnalytics;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
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
import tools.jackson.databind.json.JsonMapper;

/** Crews settings (the widget's snippet and origins, the support mailboxes, leads out) and the analytics page. */
@Controller
class CrewsPagesController {

    private final CrewService crews;
    private final CrewsAnalytics analytics;
    private final JsonMapper json;
    private final CrewMailboxes mailboxes;
    private final Connections connections;

    CrewsPagesController(CrewService crews, CrewsAnalytics analytics, JsonMapper json, CrewMailboxes mailboxes,
                         Connections connections) {
        this.crews = crews;
        this.analytics = analytics;
        this.json = json;
        this.mailboxes = mailboxes;
        this.connections = connections;
    }

    @GetMapping("/crews/settings")
    String settings(@AuthenticationPrincipal CurrentUser me, Model model) {
        return settingsPage(me, model, null, Map.of(), Map.of());
    }

    /** An admin sets a crew's support mailbox from the settings page; bad input comes back on it, naming the field. */
    @PostMapping("/crews/{crewId}/mailbox")
    String setMailbox(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId, @RequestParam Map<String, String> form,
                      Model model, HttpServletResponse response) {
        try {
            mailboxes.configure(me, crewId, new CrewMailboxes.MailboxInput(uuid(form.get("imapConnectionId")),
                    uuid(form.get("smtpConnectionId")), form.get("address"), form.get("folder"),
                    form.getOrDefault("checkEverySeconds", "").isBlank() ? null : Integer.valueOf(form.get("checkEverySeconds").strip())));
            return "redirect:/crews/settings?notice=crews-mailbox-set#mailbox-" + crewId;
        } catch (InvalidInputException e) {
            response.setStatus(400);
            Map<String, String> kept = new java.util.HashMap<>(form);
            kept.remove("_csrf");
            return settingsPage(me, model, crewId, kept, e.fieldErrors());
        } catch (NumberFormatException e) {
            response.setStatus(400);
            return settingsPage(me, model, crewId, Map.of(), Map.of("checkEverySeconds", "Give the interval in whole seconds."));
        }
    }

    @PostMapping("/crews/{crewId}/mailbox/check")
    String checkMailbox(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        mailboxes.checkNow(me, crewId);
        return "redirect:/crews/settings?notice=crews-mailbox-checked#mailbox-" + crewId;
    }

    @PostMapping("/crews/{crewId}/mailbox/delete")
    String removeMailbox(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        mailboxes.remove(me, crewId);
        return "redirect:/crews/settings?notice=crews-mailbox-removed#mailbox-" + crewId;
    }

    private static UUID uuid(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String settingsPage(CurrentUser me, Model model, UUID formCrew, Map<String, String> form, Map<String, String> errors) {
        List<CrewService.Crew> all = crews.list(me);
        Map<UUID, CrewMailboxes.Mailbox> boxes = new java.util.HashMap<>();
        all.forEach(c -> mailboxes.find(me.orgId(), c.id()).ifPresent(b -> boxes.put(c.id(), b)));
        model.addAttribute("crewList", all);
        model.addAttribute("mailboxes", boxes);
        model.addAttribute("imapConnections", connections.list(me.orgId()).stream()
                .filter(c -> c.kind() == ConnectionKind.IMAP_SERVER && c.usable()).toList());
        model.addAttribute("smtpConnections", connections.list(me.orgId()).stream()
                .filter(c -> c.kind() == ConnectionKind.SMTP_SERVER && c.usable()).toList());
        model.addAttribute("mailboxFormCrew", formCrew);
        model.addAttribute("mailboxForm", form);
        model.addAttribute("mailboxErrors", errors);
        model.addAttribute("widgets", crews.list(me).stream().map(WidgetSettingsApiController::of).toList());
        model.addAttribute("crewNames", crews.list(me).stream()
                .collect(java.util.stream.Collectors.toMap(CrewService.Crew::id, CrewService.Crew::name)));
        model.addAttribute("settings", crews.settings(me.orgId()));
        model.addAttribute("leadWebhook", crews.leadWebhook(me.orgId()).orElse(null));
        return "crews/settings";
    }

    @GetMapping("/crews/analytics")
    String analytics(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "30") int days, Model model) {
        CrewsAnalytics.Report report = analytics.report(me, days);
        model.addAttribute("report", report);
        model.addAttribute("chartData", json.writeValueAsString(report));
        return "crews/analytics";
    }
}
