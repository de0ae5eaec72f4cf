package dev.charter.crews.web;

import dev.charter.crews.internal.CrewService;
import dev.charter.crews.internal.CrewsAnalytics;
import dev.charter.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** Crews settings (the widget's snippet and origins, leads out) and the analytics page. */
@Controller
class CrewsPagesController {

    private final CrewService crews;
    private final CrewsAnalytics analytics;
    private final JsonMapper json;

    CrewsPagesController(CrewService crews, CrewsAnalytics analytics, JsonMapper json) {
        this.crews = crews;
        this.analytics = analytics;
        this.json = json;
    }

    @GetMapping("/crews/settings")
    String settings(@AuthenticationPrincipal CurrentUser me, Model model) {
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
