package dev.charter.crews.web;

import dev.charter.crews.internal.CrewService;
import dev.charter.crews.internal.CrewsAnalytics;
import dev.charter.crews.internal.Leads;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Analytics (CRW-7) and leads out: the lead URL, sending a lead there, and the leads as CSV. */
@RestController
@RequestMapping("/api/v1/crews")
@Tag(name = "Crews")
class LeadsAnalyticsApiController {

    record LeadWebhook(String url) {}

    private final CrewsAnalytics analytics;
    private final Leads leads;
    private final CrewService crews;

    LeadsAnalyticsApiController(CrewsAnalytics analytics, Leads leads, CrewService crews) {
        this.analytics = analytics;
        this.leads = leads;
        this.crews = crews;
    }

    @GetMapping("/analytics")
    @Operation(summary = "Anonymized analytics of the last days: counts only, cells under the minimum count suppressed")
    CrewsAnalytics.Report analytics(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "30") int days) {
        return analytics.report(me, days);
    }

    @GetMapping("/settings/lead-webhook")
    @Operation(summary = "The URL qualified leads are sent to, if set")
    LeadWebhook leadWebhook(@AuthenticationPrincipal CurrentUser me) {
        return new LeadWebhook(crews.leadWebhook(me.orgId()).orElse(null));
    }

    @PutMapping("/settings/lead-webhook")
    @Operation(summary = "Set (or clear, with an empty url) the URL qualified leads are sent to (admins)")
    LeadWebhook saveLeadWebhook(@AuthenticationPrincipal CurrentUser me, @RequestBody LeadWebhook body) {
        return new LeadWebhook(crews.saveLeadWebhook(me, body == null ? null : body.url()).orElse(null));
    }

    @PostMapping("/contacts/{contactId}/lead")
    @Operation(summary = "Send the contact as a lead, as JSON, to the organization's lead URL through egress")
    Leads.Sent sendLead(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID contactId) {
        return leads.send(me, contactId);
    }

    @GetMapping(path = "/leads.csv", produces = "text/csv")
    @Operation(summary = "The contacts who gave an email, as CSV safe to open in a spreadsheet")
    ResponseEntity<String> csv(@AuthenticationPrincipal CurrentUser me) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"leads.csv\"")
                .body(leads.csv(me));
    }
}
