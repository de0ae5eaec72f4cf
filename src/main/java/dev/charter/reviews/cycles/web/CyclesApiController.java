package dev.charter.reviews.cycles.web;

import dev.charter.identity.CurrentUser;
import dev.charter.reviews.cycles.internal.CycleService;
import dev.charter.reviews.cycles.internal.Review;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

/** Review cycles and reviews as JSON: cycles, reviews with their evidence and timeline, drafts, finalizing, Markdown. */
@RestController
@RequestMapping("/api/v1/reviews")
@Tag(name = "Reviews: cycles")
class CyclesApiController {

    record NewCycle(String name, String from, String to) {}

    record NewReview(String reviewee, String reviewer) {}

    record Edit(List<CycleService.EditedSentence> sentences) {}

    record Evidence(String signal, Boolean included) {}

    private final CycleService cycles;

    CyclesApiController(CycleService cycles) {
        this.cycles = cycles;
    }

    @PostMapping("/cycles")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a review cycle: a name and a period, both days included (admin)")
    Map<String, Object> create(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) NewCycle body) {
        NewCycle b = body == null ? new NewCycle(null, null, null) : body;
        return ReviewJson.cycle(cycles.create(me, b.name(), b.from(), b.to()));
    }

    @GetMapping("/cycles")
    @Operation(summary = "The organization's review cycles, newest period first")
    List<Map<String, Object>> list(@AuthenticationPrincipal CurrentUser me) {
        return cycles.cycles(me.orgId()).stream().map(ReviewJson::cycle).toList();
    }

    @GetMapping("/cycles/{cycleId}")
    @Operation(summary = "A cycle and the reviews of it this member may see")
    Map<String, Object> one(@AuthenticationPrincipal CurrentUser me, @PathVariable("cycleId") String id) {
        UUID cycle = Ids.path(id, "Review cycle");
        Map<String, Object> m = ReviewJson.cycle(cycles.cycle(me.orgId(), cycle));
        m.put("reviewList", cycles.reviews(me, cycle).stream().map(ReviewJson::review).toList());
        return m;
    }

    @DeleteMapping("/cycles/{cycleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a cycle and its reviews (admin)")
    void delete(@AuthenticationPrincipal CurrentUser me, @PathVariable("cycleId") String id) {
        cycles.delete(me, Ids.path(id, "Review cycle"));
    }

    @PostMapping("/cycles/{cycleId}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a review of a member by a member to a cycle (admin)")
    Map<String, Object> addReview(@AuthenticationPrincipal CurrentUser me, @PathVariable("cycleId") String id,
                                  @RequestBody(required = false) NewReview body) {
        UUID cycle = Ids.path(id, "Review cycle");
        NewReview b = body == null ? new NewReview(null, null) : body;
        Review r = cycles.addReview(me, cycle, Ids.field(b.reviewee(), "reviewee", "Choose the reviewee among the members."),
                Ids.field(b.reviewer(), "reviewer", "Choose the reviewer among the members."));
        return ReviewJson.review(r);
    }

    @GetMapping("/reviews/{reviewId}")
    @Operation(summary = "A review: its draft, the reviewee's signals of the period as evidence, and their weekly timeline")
    Map<String, Object> review(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        return ReviewJson.view(cycles.view(me, Ids.path(id, "Review")));
    }

    @PostMapping("/reviews/{reviewId}/draft")
    @Operation(summary = "Write a new draft from this reviewee's signals in this period only (REV-3)")
    Map<String, Object> draft(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        return ReviewJson.review(cycles.generate(me, Ids.path(id, "Review")));
    }

    @PutMapping("/reviews/{reviewId}/draft")
    @Operation(summary = "Replace the draft's sentences with the reviewer's; each cites only this review's signals")
    Map<String, Object> edit(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id,
                             @RequestBody(required = false) Edit body) {
        UUID review = Ids.path(id, "Review");
        return ReviewJson.review(cycles.edit(me, review, body == null ? null : body.sentences()));
    }

    @PostMapping("/reviews/{reviewId}/evidence")
    @Operation(summary = "Include or exclude one signal of the review's evidence")
    Map<String, Object> evidence(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id,
                                 @RequestBody(required = false) Evidence body) {
        UUID review = Ids.path(id, "Review");
        cycles.view(me, review); // another organization's review, or one this person may not see, is "not found" first
        if (body == null || body.included() == null) {
            throw new InvalidInputException("included", "Send included as true or false, with the signal's id.");
        }
        UUID signal = Ids.field(body.signal(), "signal", "Give the id of a signal of this review.");
        if (signal == null) {
            throw new InvalidInputException("signal", "Give the id of a signal of this review.");
        }
        return ReviewJson.review(cycles.evidence(me, review, signal, body.included()));
    }

    @PostMapping("/reviews/{reviewId}/finalize")
    @Operation(summary = "Finalize the review; it no longer changes")
    Map<String, Object> finalizeReview(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        return ReviewJson.review(cycles.finalizeReview(me, Ids.path(id, "Review")));
    }

    @GetMapping(value = "/reviews/{reviewId}/export.md", produces = "text/markdown")
    @Operation(summary = "A final review as Markdown, with its evidence")
    ResponseEntity<String> markdown(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        String md = cycles.markdown(me, Ids.path(id, "Review"));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"review.md\"").body(md);
    }
}
