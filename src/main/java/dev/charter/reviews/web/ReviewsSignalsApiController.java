package dev.charter.reviews.web;

import dev.charter.reviews.SignalSync;
import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;

import dev.charter.connectors.ConnectionId;
import dev.charter.identity.CurrentUser;
import dev.charter.reviews.Signal;
import dev.charter.reviews.WorkSignals;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Work signals as JSON: read a connection's scope, list what is stored, the email-subject setting. */
@RestController
@RequestMapping("/api/v1/reviews")
@Tag(name = "Reviews")
class ReviewsSignalsApiController {

    /** @param scope GitHub {@code owner/name}, a Jira JQL filter, a Slack channel id or a Gmail search */
    record ReadRequest(String scope) {}

    record ReadResult(int signals) {}

    record Settings(boolean emailSubjects) {}

    /**
     * @param scope as for a read
     * @param every ISO-8601 duration between {@code PT15M} and {@code P7D}, or absent to sync only on demand
     */
    record SyncRequest(String scope, String every) {}

    private final WorkSignals signals;

    ReviewsSignalsApiController(WorkSignals signals) {
        this.signals = signals;
    }

    @PostMapping("/connections/{connectionId}/read")
    @Operation(summary = "Read a connected tool's metadata for one scope now (admin)")
    ReadResult read(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId,
                    @RequestBody(required = false) ReadRequest body) {
        // the connection is looked up before the scope is checked: another organization's id is "not found"
        return new ReadResult(signals.read(me, new ConnectionId(connectionId), body == null ? null : body.scope()));
    }

    @GetMapping("/syncs")
    @Operation(summary = "The organization's syncs: schedule, state, progress of the pass in progress, last error")
    List<SignalSync> syncs(@AuthenticationPrincipal CurrentUser me) {
        return signals.syncs(me.orgId());
    }

    @PostMapping("/connections/{connectionId}/syncs")
    @Operation(summary = "Keep one scope of a connection in sync, on a schedule or on demand (admin); runs a pass now")
    ResponseEntity<SignalSync> schedule(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID connectionId,
                                        @RequestBody(required = false) SyncRequest body) {
        SignalSync s = signals.schedule(me, new ConnectionId(connectionId), body == null ? null : body.scope(),
                every(body == null ? null : body.every()));
        return ResponseEntity.status(202).body(s);
    }

    @PostMapping("/syncs/{syncId}/run")
    @Operation(summary = "Run a sync's pass now (admin); a pass that stopped part way goes on from its page")
    ResponseEntity<SignalSync> run(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID syncId) {
        return ResponseEntity.status(202).body(signals.runNow(me, syncId));
    }

    @DeleteMapping("/syncs/{syncId}")
    @Operation(summary = "Stop keeping a scope in sync (admin); the signals stay")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID syncId) {
        signals.deleteSync(me, syncId);
        return ResponseEntity.noContent().build();
    }

    /** An ISO-8601 duration, or null; anything else is a clear 400. */
    static Duration every(String every) {
        if (every == null || every.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(every.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("every", "Give how often to sync as an ISO-8601 duration, for example PT1H or P1D.");
        }
    }

    @GetMapping("/signals")
    @Operation(summary = "The organization's work signals, newest first (metadata only)")
    List<Signal> list(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "200") int limit) {
        return signals.list(me.orgId(), limit);
    }

    @GetMapping("/settings")
    @Operation(summary = "Whether email subjects are kept for this organization (off unless an admin turns them on)")
    Settings settings(@AuthenticationPrincipal CurrentUser me) {
        return new Settings(signals.emailSubjects(me.orgId()));
    }

    @PutMapping("/settings")
    @Operation(summary = "Keep email subjects or not (admin; off by default)")
    Settings update(@AuthenticationPrincipal CurrentUser me, @RequestBody Map<String, Boolean> body) {
        Boolean on = body == null ? null : body.get("emailSubjects");
        if (on == null) {
            throw new InvalidInputException("emailSubjects", "Send emailSubjects as true or false.");
        }
        signals.setEmailSubjects(me, on);
        return new Settings(signals.emailSubjects(me.orgId()));
    }
}
