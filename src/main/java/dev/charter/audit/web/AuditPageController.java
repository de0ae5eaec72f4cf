package dev.charter.audit.web;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.audit.AuditRetention;
import dev.charter.audit.internal.AuditBundle;
import dev.charter.audit.internal.AuditKeys;
import dev.charter.audit.internal.BundleExporter;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The audit pages: the organization's trail with filters and paging, verification and export. */
@Controller
class AuditPageController {

    private final AuditTrail trail;
    private final Verifications verifications;
    private final BundleExporter exporter;
    private final AuditKeys keys;
    private final AuditRetention retention;
    private final List<AuditObjectLinks> links;

    AuditPageController(AuditTrail trail, Verifications verifications, BundleExporter exporter, AuditKeys keys,
                        AuditRetention retention, List<AuditObjectLinks> links) {
        this.links = links;
        this.trail = trail;
        this.verifications = verifications;
        this.exporter = exporter;
        this.keys = keys;
        this.retention = retention;
    }

    @GetMapping("/audit")
    String events(@AuthenticationPrincipal CurrentUser me, Model model,
                  @RequestParam(required = false) String action,
                  @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to,
                  @RequestParam(required = false) Integer page) {
        me.requireAdmin();
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            TrailQuery q = TrailQuery.parse(action, from, to, page);
            model.addAttribute("errors", Map.of());
            var result = trail.page(me.orgId(), q);
            model.addAttribute("result", result);
            model.addAttribute("links", links(me, result));
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("result", new AuditTrail.EventsPage(0, TrailQuery.PAGE_SIZE, false, List.of()));
            model.addAttribute("links", Map.of());
        }
        List<String> prefixes = new ArrayList<>(trail.actionPrefixes(me.orgId()));
        String chosen = action == null ? "" : action.strip();
        if (!chosen.isEmpty() && !prefixes.contains(chosen)) {
            prefixes.add(chosen);
            prefixes.sort(null);
        }
        model.addAttribute("actions", prefixes);
        model.addAttribute("chosenAction", chosen);
        return "audit/events";
    }

    /** Pages for the objects of the shown events that exist in the signed-in person's organization. */
    private Map<String, String> links(CurrentUser me, AuditTrail.EventsPage page) {
        var targets = page.events().stream().map(AuditTrail.EventView::target).filter(t -> t != null).distinct().toList();
        Map<String, String> out = new HashMap<>();
        if (!targets.isEmpty()) {
            links.forEach(l -> out.putAll(l.links(me.orgId(), targets)));
        }
        return out;
    }

    /** The verification page; with {@code from}/{@code to} it shows why an export period was refused. */
    @GetMapping("/audit/verify")
    String verifyPage(@AuthenticationPrincipal CurrentUser me, Model model,
                      @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to,
                      @RequestParam(required = false) String refused) {
        me.requireAdmin();
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        Map<String, String> errors = Map.of();
        if (from != null || to != null) {
            try {
                TrailQuery.parse(null, from, to, 0);
            } catch (InvalidInputException e) {
                errors = e.fieldErrors();
            }
        }
        if (errors.isEmpty() && "span".equals(refused)) {
            errors = Map.of("to", "This period spans too many rows of the log. Export a shorter period.");
        }
        return verifyModel(model, errors);
    }

    @PostMapping("/audit/verify")
    String verify(@AuthenticationPrincipal CurrentUser me, Model model) {
        me.requireAdmin();
        model.addAttribute("verdict", verifications.verifyForAdmin(me.orgId()));
        return verifyModel(model, Map.of());
    }

    /** Downloads the export bundle; a period that cannot be exported leads back to the page with the reason. */
    @GetMapping("/audit/export")
    ResponseEntity<?> export(@AuthenticationPrincipal CurrentUser me,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to) {
        me.requireAdmin();
        try {
            TrailQuery q = TrailQuery.parse(null, from, to, 0);
            AuditBundle bundle = exporter.export(me.orgId(), q.filter().from(), q.filter().toExclusive(),
                    trail.emailsByPseudonym(me.orgId()));
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"charter-audit-" + me.orgId().value() + ".json\"")
                    .body(bundle);
        } catch (InvalidInputException e) {
            return ResponseEntity.status(303).location(UriComponentsBuilder.fromPath("/audit/verify")
                    .queryParam("from", from == null ? "" : from).queryParam("to", to == null ? "" : to)
                    .queryParam("refused", "span")
                    .encode().build().toUri()).build();
        }
    }

    private String verifyModel(Model model, Map<String, String> errors) {
        model.addAttribute("errors", errors);
        model.addAttribute("keyId", keys.keyId());
        model.addAttribute("fingerprint", keys.fingerprint());
        model.addAttribute("publicKey", Base64.getEncoder().encodeToString(keys.publicKey().getEncoded()));
        model.addAttribute("retentionMonths", retention.months());
        return "audit/verify";
    }
}
