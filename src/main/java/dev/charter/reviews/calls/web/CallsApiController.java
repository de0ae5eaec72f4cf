package dev.charter.reviews.calls.web;

import dev.charter.identity.CurrentUser;
import dev.charter.reviews.calls.internal.Attestation;
import dev.charter.reviews.calls.internal.Call;
import dev.charter.reviews.calls.internal.CallDeletion;
import dev.charter.reviews.calls.internal.CallSettings;
import dev.charter.reviews.calls.internal.CallSettingsService;
import dev.charter.reviews.calls.internal.Calls;
import dev.charter.shared.NotFoundException;
import dev.charter.vault.SecretValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Call analysis as JSON: settings and consent, the calls received, one call's analysis, deletion. */
@RestController
@RequestMapping("/api/v1/reviews/calls")
@Tag(name = "Reviews: customer calls")
class CallsApiController {

    record Consent(String version, Boolean confirm) {}

    record Withdrawal(Boolean deleteAnalysed) {}

    record Domains(List<String> domains) {}

    record ConnectionsForm(UUID zoomConnection, SecretValue zoomSecret, UUID aircallConnection, SecretValue aircallToken,
                           UUID teamsConnection) {}

    record TeamsMeeting(String meetingId) {}

    private final CallSettingsService settings;
    private final Calls calls;
    private final CallDeletion deletion;

    CallsApiController(CallSettingsService settings, Calls calls, CallDeletion deletion) {
        this.settings = settings;
        this.calls = calls;
        this.deletion = deletion;
    }

    @GetMapping("/settings")
    @Operation(summary = "Whether call analysis is on, the attestation to give, domains and connections")
    Map<String, Object> settings(@AuthenticationPrincipal CurrentUser me) {
        return view(me, settings.settings(me.orgId()));
    }

    @PostMapping("/consent")
    @Operation(summary = "Turn call analysis on by confirming the current attestation (admin)")
    Map<String, Object> consent(@AuthenticationPrincipal CurrentUser me, @RequestBody Consent body) {
        return view(me, settings.enable(me, body.version(), Boolean.TRUE.equals(body.confirm())));
    }

    @PostMapping("/consent/withdraw")
    @Operation(summary = "Turn call analysis off at once, optionally deleting every analysed call (admin)")
    Map<String, Object> withdraw(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) Withdrawal body) {
        int deleted = settings.disable(me, body != null && Boolean.TRUE.equals(body.deleteAnalysed()));
        Map<String, Object> out = view(me, settings.settings(me.orgId()));
        out.put("callsDeleted", deleted);
        return out;
    }

    @PutMapping("/domains")
    @Operation(summary = "The organization's own email domains, for the internal-meeting rule (admin)")
    Map<String, Object> domains(@AuthenticationPrincipal CurrentUser me, @RequestBody Domains body) {
        return view(me, settings.domains(me, body.domains()));
    }

    @PutMapping("/connections")
    @Operation(summary = "The connections and webhook secrets of the call providers (admin)")
    Map<String, Object> connections(@AuthenticationPrincipal CurrentUser me, @RequestBody ConnectionsForm body) {
        return view(me, settings.connections(me, body.zoomConnection(), body.zoomSecret(), body.aircallConnection(),
                body.aircallToken(), body.teamsConnection()));
    }

    @GetMapping
    @Operation(summary = "The calls received, newest first: analysed, skipped (with the reason), pending or failed")
    List<Map<String, Object>> list(@AuthenticationPrincipal CurrentUser me) {
        return calls.list(me.orgId()).stream().map(CallsApiController::summary).toList();
    }

    @GetMapping("/{callId}")
    @Operation(summary = "One call with its analysis")
    Map<String, Object> one(@AuthenticationPrincipal CurrentUser me, @PathVariable("callId") String id) {
        Call c = calls.find(me.orgId(), uuid(id)).orElseThrow(() -> new NotFoundException("Call"));
        Map<String, Object> out = summary(c);
        out.put("analysis", Calls.analysis(c));
        return out;
    }

    @DeleteMapping("/{callId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a call: its analysis and signals, at once; nothing is sent to the provider (admin)")
    void delete(@AuthenticationPrincipal CurrentUser me, @PathVariable("callId") String id) {
        deletion.delete(me, uuid(id));
    }

    @PostMapping("/teams/meetings")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Fetch a Teams meeting's transcript for analysis (admin; refused while call analysis is off)")
    Map<String, Object> teams(@AuthenticationPrincipal CurrentUser me, @RequestBody TeamsMeeting body) {
        return Map.of("call", calls.requestTeamsMeeting(me, body.meetingId()).toString());
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Call");
        }
    }

    static Map<String, Object> summary(Call c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("provider", c.provider());
        m.put("status", c.status());
        m.put("reason", c.reason());
        m.put("hostEmail", c.hostEmail());
        m.put("revieweeId", c.revieweeId() == null ? null : c.revieweeId().toString());
        m.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
        m.put("durationSeconds", c.durationSeconds());
        m.put("attendeesInternal", c.attendeesInternal());
        m.put("attendeesExternal", c.attendeesExternal());
        m.put("attendeesUnknown", c.attendeesUnknown());
        m.put("receivedAt", c.receivedAt().toString());
        return m;
    }

    private static Map<String, Object> view(CurrentUser me, CallSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("attestation", Map.of("version", Attestation.VERSION, "text", Attestation.TEXT));
        m.put("attestationVersion", s.attestationVersion());
        m.put("enabledAt", s.enabledAt() == null ? null : s.enabledAt().toString());
        m.put("disabledAt", s.disabledAt() == null ? null : s.disabledAt().toString());
        m.put("internalDomains", s.internalDomains());
        m.put("zoomConnection", s.zoomConnectionId() == null ? null : s.zoomConnectionId().toString());
        m.put("zoomSecretSet", s.zoomSecretId() != null);
        m.put("aircallConnection", s.aircallConnectionId() == null ? null : s.aircallConnectionId().toString());
        m.put("aircallTokenSet", s.aircallTokenId() != null);
        m.put("teamsConnection", s.teamsConnectionId() == null ? null : s.teamsConnectionId().toString());
        m.put("webhooks", Map.of("zoom", "/webhooks/calls/zoom/" + me.orgId(), "aircall", "/webhooks/calls/aircall/" + me.orgId()));
        return m;
    }
}
