package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.SupportAccess;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Support access pages (PRF-12): the admin's grant and revoke forms on a case, and the operator's granted cases. */
@Controller
class SupportPagesController {

    private final SupportAccess support;

    SupportPagesController(SupportAccess support) {
        this.support = support;
    }

    @PostMapping("/perfcases/cases/{caseId}/support-grants/{supportGrantId}/revoke")
    String revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                  @PathVariable("supportGrantId") UUID grantId) {
        support.revoke(me, caseId, grantId);
        return "redirect:/perfcases/cases/" + caseId + "?notice=perfcases-support-revoked#pc-support";
    }

    @GetMapping("/perfcases/support")
    String granted(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("granted", support.grantedCases(me));
        return "perfcases/support";
    }

    @GetMapping("/perfcases/support/cases/{caseId}")
    String read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId, Model model) {
        PerfCase c = support.read(me, caseId);
        model.addAttribute("perfCase", c);
        model.addAttribute("statistics", CaseStatistics.rows(c));
        return "perfcases/support-case";
    }
}
