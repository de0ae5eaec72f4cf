package dev.charter.audit.web;

import dev.charter.audit.AuditVerification;
import dev.charter.audit.internal.AuditBundle;
import dev.charter.audit.internal.BundleExporter;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, verification and export as JSON, for organization admins. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditApiController {

    private final AuditTrail trail;
    private final Verifications verifications;
    private final BundleExporter exporter;

    AuditApiController(AuditTrail trail, Verifications verifications, BundleExporter exporter) {
        this.trail = trail;
        this.verifications = verifications;
        this.exporter = exporter;
    }

    /** The organization's events, newest first, 50 a page. */
    @GetMapping("/events")
    @Operation(summary = "The organization's audit events, newest first, 50 a page")
    AuditTrail.EventsPage events(@AuthenticationPrincipal CurrentUser me,
                                 @RequestParam(required = false) String action,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) Integer page) {
        me.requireAdmin();
        return trail.page(me.orgId(), TrailQuery.parse(action, from, to, page));
    }

    /** Verifies the whole chain; answers every problem on this organization's rows and a count of the others. */
    @GetMapping("/verify")
    @Operation(summary = "Verify the whole audit chain: the verdict and the first failing row")
    AuditVerification verifyNow(@AuthenticationPrincipal CurrentUser me) {
        me.requireAdmin();
        return verifications.verifyForAdmin(me.orgId());
    }

    @PostMapping("/verify")
    @Operation(summary = "Verify the whole audit chain (the same as GET, for clients that POST actions)")
    AuditVerification verify(@AuthenticationPrincipal CurrentUser me) {
        return verifyNow(me);
    }

    /** A bundle of the organization's events in the period that anyone can verify offline. */
    @GetMapping("/export")
    @Operation(summary = "A bundle of the period's audit events that anyone can verify offline")
    ResponseEntity<AuditBundle> export(@AuthenticationPrincipal CurrentUser me,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to) {
        me.requireAdmin();
        TrailQuery q = TrailQuery.parse(null, from, to, 0);
        AuditBundle bundle = exporter.export(me.orgId(), q.filter().from(), q.filter().toExclusive(),
                trail.emailsByPseudonym(me.orgId()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"charter-audit-" + me.orgId().value() + ".json\"")
                .body(bundle);
    }
}
