package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.SupportAccess;
import dev.charter.perfcases.SupportGrant;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Support access as JSON (PRF-12): an admin's grants on a case, and an operator's view of the granted cases. */
@RestController
@RequestMapping("/api/v1/perfcases")
@Tag(name = "Perf cases")
class SupportApiController {

    record NewSupportGrant(String operatorEmail, String duration, String reason) {}

    private final SupportAccess support;

    SupportApiController(SupportAccess support) {
        this.support = support;
    }

    @GetMapping("/cases/{caseId}/support-grants")
    @Operation(summary = "The case's support grants, newest first (admins)")
    List<SupportGrant> grants(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return support.grants(me, caseId);
    }

    @PostMapping("/cases/{caseId}/support-grants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Let one server operator read this case for a bounded time (admins; at most PT24H)")
    SupportGrant grant(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                       @RequestBody NewSupportGrant r) {
        return support.grant(me, caseId, r.operatorEmail(), duration(r.duration()), r.reason());
    }

    @PostMapping("/cases/{caseId}/support-grants/{supportGrantId}/revoke")
    @Operation(summary = "End a support grant at once (admins)")
    SupportGrant revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                        @PathVariable("supportGrantId") UUID grantId) {
        return support.revoke(me, caseId, grantId);
    }

    @GetMapping("/support/cases")
    @Operation(summary = "For a server operator: the cases their active support grants let them read")
    List<SupportAccess.GrantedCase> granted(@AuthenticationPrincipal CurrentUser me) {
        return support.grantedCases(me);
    }

    @GetMapping("/support/cases/{caseId}")
    @Operation(summary = "For a server operator: one case under an active support grant (audited)")
    PerfCase read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return support.read(me, caseId);
    }

    /** An ISO-8601 duration such as PT4H, or null for the default. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("duration", "Write the duration as PT30M, PT4H or PT24H (at most 24 hours).");
        }
    }
}
