package dev.charter.crews.web;

import dev.charter.crews.CrewDefinition;
import dev.charter.crews.ReviewPolicy;
import dev.charter.crews.internal.ReviewPolicies;
import dev.charter.crews.internal.ReviewQueue;
import dev.charter.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The human review queue, the organization's confidence gates, a conversation's profile, and the contact's side: a
 * request for human review or for a person, and the conversation as the contact sees it (API channel; the widget
 * calls the same service).
 */
@RestController
@RequestMapping("/api/v1/crews")
@Tag(name = "Crews")
class ReviewApiController {

    record PolicyForm(Map<String, CrewDefinition.Threshold> gates, Set<String> significant) {}

    record Note(String note) {}

    record Override(String value, String reason) {}

    record Reason(String reason) {}

    record ReviewRequest(UUID resultId, String text) {}

    record PersonRequest(String text) {}

    private final ReviewQueue queue;
    private final ReviewPolicies policies;

    ReviewApiController(ReviewQueue queue, ReviewPolicies policies) {
        this.queue = queue;
        this.policies = policies;
    }

    @GetMapping("/settings/review")
    @Operation(summary = "The organization's confidence gates per kind of result and its significant decisions")
    ReviewPolicy policy(@AuthenticationPrincipal CurrentUser me) {
        return policies.policy(me.orgId());
    }

    @PutMapping("/settings/review")
    @Operation(summary = "Change the gates (each bound 0 to 1) and the significant decisions (admins); refused whole on any problem")
    ReviewPolicy savePolicy(@AuthenticationPrincipal CurrentUser me, @RequestBody PolicyForm form) {
        return policies.save(me, form == null ? null : form.gates(), form == null ? null : form.significant());
    }

    @GetMapping("/reviews")
    @Operation(summary = "The review queue: open (default, oldest first), escalated, decided or all")
    List<ReviewQueue.Item> list(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "open") String status,
                                @RequestParam(defaultValue = "100") int limit) {
        return queue.list(me, status, limit);
    }

    @GetMapping("/reviews/{reviewId}")
    @Operation(summary = "One item: what was decided, on what inputs, by which provider, with what confidence, its age")
    ReviewQueue.Item get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId) {
        return queue.get(me, reviewId);
    }

    @PostMapping("/reviews/{reviewId}/approve")
    @Operation(summary = "Approve: the decision acts as the crew made it (a request for a person: take the conversation over)")
    ReviewQueue.Item approve(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId, @RequestBody(required = false) Note body) {
        return queue.approve(me, reviewId, body == null ? null : body.note());
    }

    @PostMapping("/reviews/{reviewId}/override")
    @Operation(summary = "Override with a new value and a reason: the person's value acts from now on; audited")
    ReviewQueue.Item override(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId, @RequestBody Override body) {
        return queue.override(me, reviewId, body == null ? null : body.value(), body == null ? null : body.reason());
    }

    @PostMapping("/reviews/{reviewId}/escalate")
    @Operation(summary = "Escalate to an admin; the decision still does not act")
    ReviewQueue.Item escalate(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId, @RequestBody(required = false) Reason body) {
        return queue.escalate(me, reviewId, body == null ? null : body.reason());
    }

    @GetMapping("/conversations/{conversationId}/profile")
    @Operation(summary = "A conversation's profiling results and, per kind, the value that acts now")
    ReviewQueue.Profile profile(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID conversationId) {
        return queue.profile(me, conversationId);
    }

    @PostMapping("/{crewId}/conversations/{conversationId}/review-requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "API channel: the contact asks for human review of a decision about them (resultId, or their lead score)")
    ReviewQueue.Request requestReview(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                                      @PathVariable UUID conversationId, @RequestBody(required = false) ReviewRequest body) {
        return queue.requestReview(me.orgId(), crewId, conversationId, body == null ? null : body.resultId(),
                body == null ? null : body.text());
    }

    @PostMapping("/{crewId}/conversations/{conversationId}/person-requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "API channel: the contact asks for a person; the conversation waits for one")
    ReviewQueue.Request askForPerson(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                                     @PathVariable UUID conversationId, @RequestBody(required = false) PersonRequest body) {
        return queue.askForPerson(me.orgId(), crewId, conversationId, body == null ? null : body.text());
    }

    @GetMapping("/{crewId}/conversations/{conversationId}")
    @Operation(summary = "API channel: the conversation as the contact sees it (no private notes), with their requests' outcomes")
    ReviewQueue.ContactView contactView(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID crewId,
                                        @PathVariable UUID conversationId) {
        return queue.contactView(me.orgId(), crewId, conversationId);
    }
}
