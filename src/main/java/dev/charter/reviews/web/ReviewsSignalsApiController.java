package dev.charter.reviews.web;

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
