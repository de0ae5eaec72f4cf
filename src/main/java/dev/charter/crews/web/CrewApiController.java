package dev.charter.crews.web;

import dev.charter.crews.CrewsSettings;
import dev.charter.crews.internal.CrewService;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
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

/** Crews and the organization's Crews settings as JSON. Members read; admins change. */
@RestController
@RequestMapping("/api/v1/crews")
@Tag(name = "Crews")
class CrewApiController {

    record SettingsForm(Integer retentionDays, Boolean usageStatistics) {}

    private final CrewService crews;

    CrewApiController(CrewService crews) {
        this.crews = crews;
    }

    @GetMapping
    @Operation(summary = "The organization's crews")
    List<CrewService.Crew> list(@AuthenticationPrincipal CurrentUser me) {
        return crews.list(me);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a crew (admins); every problem is reported at once")
    CrewService.Crew create(@AuthenticationPrincipal CurrentUser me, @RequestBody CrewService.CrewForm form) {
        return crews.create(me, form);
    }

    @GetMapping("/{crewId}")
    @Operation(summary = "A crew with its roles, thresholds and origins")
    CrewService.Crew get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        return crews.get(me, crewId);
    }

    @PutMapping("/{crewId}")
    @Operation(summary = "Replace a crew's name, definition and origins (admins)")
    CrewService.Crew update(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                            @RequestBody CrewService.CrewForm form) {
        return crews.update(me, crewId, form);
    }

    @DeleteMapping("/{crewId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a crew with its conversations (admins)")
    void delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId) {
        crews.delete(me, crewId);
    }

    @GetMapping("/settings")
    @Operation(summary = "The organization's Crews settings: retention and usage statistics")
    CrewsSettings settings(@AuthenticationPrincipal CurrentUser me) {
        return crews.settings(me.orgId());
    }

    @PutMapping("/settings")
    @Operation(summary = "Change the Crews settings (admins); retention between 7 and 3650 days")
    CrewsSettings saveSettings(@AuthenticationPrincipal CurrentUser me, @RequestBody SettingsForm form) {
        return crews.saveSettings(me, form == null ? null : form.retentionDays(), form == null ? null : form.usageStatistics());
    }
}
