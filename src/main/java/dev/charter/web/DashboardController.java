package dev.charter.web;

import dev.charter.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page for visitors and the dashboard with one section per product. */
@Controller
class DashboardController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal CurrentUser me) {
        return me == null ? "index" : "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String dashboard() {
        return "dashboard";
    }
}
