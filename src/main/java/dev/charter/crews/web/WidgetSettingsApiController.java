package dev.charter.crews.web;

import dev.charter.crews.internal.CrewService;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The snippet an organization pastes into its site to show a crew's chat widget. */
@RestController
@Tag(name = "Crews")
class WidgetSettingsApiController {

    record WidgetSnippet(UUID crewId, UUID widgetKey, List<String> origins, String snippet) {}

    private final CrewService crews;

    WidgetSettingsApiController(CrewService crews) {
        this.crews = crews;
    }

    @GetMapping("/api/v1/crews/{crewId}/widget")
    @Operation(summary = "A crew's widget: its public key, the site origins that may embed it and the snippet to paste")
    WidgetSnippet widget(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        return of(crews.get(me, crewId));
    }

    static WidgetSnippet of(CrewService.Crew crew) {
        return new WidgetSnippet(crew.id(), crew.widgetKey(), crew.origins(), snippet(crew.widgetKey()));
    }

    /** One script tag, loaded from this Charter; it adds the widget's iframe, and nothing else. */
    static String snippet(UUID widgetKey) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return "<script src=\"" + base + "/widget/loader.js\" data-widget=\"" + widgetKey + "\" async></script>";
    }
}
