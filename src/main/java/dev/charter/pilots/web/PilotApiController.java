package dev.charter.pilots.web;

import dev.charter.identity.CurrentUser;
import dev.charter.pilots.internal.PilotDefinition;
import dev.charter.pilots.internal.PilotRepositoryView;
import dev.charter.pilots.internal.PilotService;
import dev.charter.pilots.internal.PilotTransfer;
import dev.charter.pilots.internal.Runs;
import dev.charter.pilots.internal.StepKinds;
import dev.charter.pilots.internal.StepType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pilots as JSON: definitions, runs, export and import. Everything is scoped to the caller's organization. */
@RestController
@RequestMapping("/api/v1/pilots")
@Tag(name = "Pilots")
class PilotApiController {

    record Enabled(Boolean enabled) {}

    record Started(UUID run) {}

    private final PilotService pilots;
    private final Runs runs;
    private final PilotTransfer transfer;
    private final StepKinds kinds;

    PilotApiController(PilotService pilots, Runs runs, PilotTransfer transfer, StepKinds kinds) {
        this.pilots = pilots;
        this.runs = runs;
        this.transfer = transfer;
        this.kinds = kinds;
    }

    @GetMapping
    @Operation(summary = "The organization's Pilots with their last run")
    List<PilotRepositoryView.Summary> list(@AuthenticationPrincipal CurrentUser me) {
        return PilotRepositoryView.summaries(pilots.list(me));
    }

    @GetMapping("/step-kinds")
    @Operation(summary = "The step kinds and the settings each one takes")
    List<StepType.Descriptor> stepKinds() {
        return kinds.descriptors();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a Pilot; every problem in the definition is reported at once")
    PilotService.Pilot create(@AuthenticationPrincipal CurrentUser me, @RequestBody PilotDefinition definition) {
        return pilots.create(me, definition);
    }

    @GetMapping("/{pilotId}")
    @Operation(summary = "A Pilot, with its delivery path")
    PilotService.Pilot get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        return pilots.get(me, pilotId);
    }

    @PutMapping("/{pilotId}")
    @Operation(summary = "Replace a Pilot's definition")
    PilotService.Pilot update(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                              @RequestBody PilotDefinition definition) {
        return pilots.update(me, pilotId, definition);
    }

    @DeleteMapping("/{pilotId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a Pilot with its runs")
    void delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        pilots.delete(me, pilotId);
    }

    @PutMapping("/{pilotId}/enabled")
    @Operation(summary = "Enable or disable a Pilot")
    PilotService.Pilot enable(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId, @RequestBody Enabled body) {
        pilots.get(me, pilotId);
        if (body == null || body.enabled() == null) {
            throw new dev.charter.shared.InvalidInputException("enabled", "Send {\"enabled\": true} or {\"enabled\": false}.");
        }
        return pilots.setEnabled(me, pilotId, body.enabled());
    }

    @PostMapping("/{pilotId}/delivery-secret")
    @Operation(summary = "Rotate the delivery secret; the old URL stops working at once")
    PilotService.Pilot rotate(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        return pilots.rotateSecret(me, pilotId);
    }

    /** The sender's signing secret, sent once and never shown again. */
    record SigningSecret(dev.charter.vault.SecretValue secret) {}

    @PutMapping("/{pilotId}/signing-secret")
    @Operation(summary = "Set the signing secret the sender issued (for GitHub, Stripe, Slack, Shopify, Standard Webhooks)")
    PilotService.Pilot setSigningSecret(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                                        @RequestBody(required = false) SigningSecret body) {
        pilots.get(me, pilotId);
        if (body == null || body.secret() == null) {
            throw new dev.charter.shared.InvalidInputException("secret", "Send {\"secret\": \"…\"} with the signing secret the sender shows.");
        }
        try {
            return pilots.setSigningSecret(me, pilotId, body.secret());
        } finally {
            body.secret().wipe();
        }
    }

    @DeleteMapping("/{pilotId}/signing-secret")
    @Operation(summary = "Remove the signing secret; deliveries are refused until a new one is set")
    PilotService.Pilot removeSigningSecret(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        return pilots.setSigningSecret(me, pilotId, null);
    }

    @PostMapping("/{pilotId}/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Run now with a payload (or the Pilot's sample payload)")
    Started runNow(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                   @RequestBody(required = false) JsonNode payload) {
        return new Started(runs.runNow(me, pilotId, payload == null || payload.isEmpty() ? null : payload.toString()));
    }

    @GetMapping("/{pilotId}/runs")
    @Operation(summary = "Run history, newest first (the newest 100 are kept)")
    List<?> history(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId,
                    @RequestParam(defaultValue = "100") int limit) {
        return PilotRepositoryView.runs(runs.history(me, pilotId, limit));
    }

    @GetMapping("/runs/{runId}")
    @Operation(summary = "One run with each step's input, output, status and timing")
    Map<String, Object> run(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId) {
        return PilotRepositoryView.run(runs.run(me, runId));
    }

    @PostMapping("/runs/{runId}/rerun")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Run again with the same trigger payload")
    Started rerun(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID runId) {
        return new Started(runs.rerun(me, runId));
    }

    @GetMapping("/{pilotId}/export")
    @Operation(summary = "Export as charter.pilot/v1 JSON")
    ObjectNode export(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId) {
        return transfer.export(me, pilotId);
    }

    @PostMapping("/import")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Import a charter.pilot/v1 export as a new Pilot")
    PilotService.Pilot importPilot(@AuthenticationPrincipal CurrentUser me, @RequestBody JsonNode document) {
        return transfer.importPilot(me, document);
    }
}
