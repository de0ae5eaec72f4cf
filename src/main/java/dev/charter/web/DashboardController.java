package dev.charter.web;

import dev.charter.identity.CurrentUser;
import dev.charter.pilots.PilotsSummary;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page for visitors and the dashboard with one section per product. */
@Controller
class DashboardController {

    private final PilotsSummary pilots;

    DashboardController(PilotsSummary pilots) {
        this.pilots = pilots;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal CurrentUser me) {
        return me == null ? "index" : "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String dashboard(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("pilotCount", pilots.count(me.orgId()));
        return "dashboard";
    }
}
