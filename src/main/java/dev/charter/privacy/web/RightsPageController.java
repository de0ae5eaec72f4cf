package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.identity.RateLimiter;
import dev.charter.identity.Role;
import dev.charter.privacy.internal.ExportJobs;
import dev.charter.privacy.internal.OrganizationErasure;
import dev.charter.privacy.internal.PrivacySettings;
import dev.charter.privacy.internal.ProcessingChoices;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Your data and privacy": export, restriction, objection, analytics opt-out and, for an owner,
 * erasing the organization. The account page loads the same panel through
 * {@code templates/privacy/account-rights.html}.
 */
@Controller
class RightsPageController {

    private final ProcessingChoices choices;
    private final ExportJobs exports;
    private final OrganizationErasure erasure;
    private final JsonMapper json;
    private final RateLimiter limiter;
    private final RateLimiter.Limit verifyLimit;

    RightsPageController(ProcessingChoices choices, ExportJobs exports, OrganizationErasure erasure, JsonMapper json,
                         RateLimiter limiter, PrivacySettings settings) {
        this.choices = choices;
        this.exports = exports;
        this.erasure = erasure;
        this.json = json;
        this.limiter = limiter;
        this.verifyLimit = new RateLimiter.Limit("receipt verification", settings.verificationsPerMinute(), Duration.ofMinutes(1));
    }

    @GetMapping("/privacy")
    String page(@AuthenticationPrincipal CurrentUser me, Model model) {
        fill(me, model);
        return "privacy/rights";
    }

    @GetMapping("/privacy/rights/panel")
    String panel(@AuthenticationPrincipal CurrentUser me, Model model) {
        fill(me, model);
        return "privacy/rights :: panel";
    }

    @PostMapping("/privacy/processing")
    String change(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "false") boolean restricted,
                  @RequestParam(defaultValue = "false") boolean objected,
                  @RequestParam(defaultValue = "false") boolean analyticsOptOut) {
        choices.change(me, new ProcessingChoices.Change(restricted, objected, analyticsOptOut));
        return "redirect:/privacy?notice=privacy-choices-saved#processing";
    }

    @PostMapping("/privacy/organization/erase")
    String erase(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String confirmation, Model model,
                 HttpServletResponse response) {
        try {
            var receipt = erasure.erase(me, confirmation);
            model.addAttribute("receipt", json.writerWithDefaultPrettyPrinter().writeValueAsString(receipt));
            return "privacy/erased";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("eraseOpen", true);
            fill(me, model);
            return "privacy/rights";
        }
    }

    @GetMapping("/privacy/receipts/verify")
    String verifyPage(Model model) {
        model.addAttribute("key", erasure.publicKey());
        return "privacy/verify";
    }

    @PostMapping("/privacy/receipts/verify")
    String verify(@RequestParam(defaultValue = "") String receipt, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        limiter.check(verifyLimit, request.getRemoteAddr());
        model.addAttribute("key", erasure.publicKey());
        model.addAttribute("receipt", receipt);
        try {
            model.addAttribute("result", erasure.verify(json.readTree(receipt)));
        } catch (JacksonException e) {
            response.setStatus(400);
            model.addAttribute("errors", Map.of("receipt", "Paste the whole receipt: it is a JSON object starting with {."));
        }
        return "privacy/verify";
    }

    private void fill(CurrentUser me, Model model) {
        model.addAttribute("choices", choices.choices(me.orgId(), me.userId()));
        model.addAttribute("exports", exports.list(me));
        model.addAttribute("isOwner", me.role() == Role.OWNER);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }
}
