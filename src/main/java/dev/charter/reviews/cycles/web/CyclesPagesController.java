package dev.charter.reviews.cycles.web;

import dev.charter.identity.CurrentUser;
import dev.charter.reviews.Signal;
import dev.charter.reviews.cycles.internal.CycleService;
import dev.charter.reviews.cycles.internal.PeopleService;
import dev.charter.reviews.cycles.internal.Review;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages of people and cycles: identity matching, cycles, one cycle's reviews, and a review with its timeline,
 * draft with linked evidence, editor, evidence choices, finalizing and the Markdown export.
 */
@Controller
class CyclesPagesController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PeopleService people;
    private final CycleService cycles;

    CyclesPagesController(PeopleService people, CycleService cycles) {
        this.people = people;
        this.cycles = cycles;
    }

    @GetMapping("/reviews/people")
    String people(@AuthenticationPrincipal CurrentUser me, Model model) {
        return peopleView(me, model, Map.of());
    }

    private String peopleView(CurrentUser me, Model model, Map<String, String> errors) {
        model.addAttribute("identities", people.identities(me.orgId()));
        model.addAttribute("members", people.members(me.orgId()).values());
        model.addAttribute("errors", errors);
        return "reviews/people";
    }

    @PostMapping("/reviews/people/link")
    String link(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String source,
                @RequestParam(defaultValue = "") String identity, @RequestParam(defaultValue = "") String person,
                Model model, HttpServletResponse response) {
        try {
            people.link(me, source, identity, Ids.field(person, "person", "Choose a member of this organization."));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return peopleView(me, model, e.fieldErrors());
        }
        return "redirect:/reviews/people";
    }

    @PostMapping("/reviews/people/confirm")
    String confirm(@AuthenticationPrincipal CurrentUser me) {
        people.confirmProposals(me);
        return "redirect:/reviews/people";
    }

    @PostMapping("/reviews/people/unlink")
    String unlink(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String source,
                  @RequestParam(defaultValue = "") String identity, Model model, HttpServletResponse response) {
        try {
            people.unlink(me, source, identity);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return peopleView(me, model, e.fieldErrors());
        }
        return "redirect:/reviews/people";
    }

    @GetMapping("/reviews/cycles")
    String cycles(@AuthenticationPrincipal CurrentUser me, Model model) {
        return cyclesView(me, model, Map.of(), Map.of());
    }

    private String cyclesView(CurrentUser me, Model model, Map<String, String> errors, Map<String, String> form) {
        model.addAttribute("cycles", cycles.cycles(me.orgId()));
        model.addAttribute("errors", errors);
        model.addAttribute("form", form);
        return "reviews/cycles";
    }

    @PostMapping("/reviews/cycles")
    String create(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to, Model model,
                  HttpServletResponse response) {
        try {
            return "redirect:/reviews/cycles/" + cycles.create(me, name, from, to).id();
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return cyclesView(me, model, e.fieldErrors(), Map.of("name", name, "from", from, "to", to));
        }
    }

    @GetMapping("/reviews/cycles/{cycleId}")
    String cycle(@AuthenticationPrincipal CurrentUser me, @PathVariable("cycleId") String id, Model model) {
        return cycleView(me, Ids.path(id, "Review cycle"), model, Map.of());
    }

    private String cycleView(CurrentUser me, UUID id, Model model, Map<String, String> errors) {
        model.addAttribute("cycle", cycles.cycle(me.orgId(), id));
        model.addAttribute("reviews", cycles.reviews(me, id));
        model.addAttribute("members", people.members(me.orgId()));
        model.addAttribute("errors", errors);
        return "reviews/cycle";
    }

    @PostMapping("/reviews/cycles/{cycleId}/reviews")
    String addReview(@AuthenticationPrincipal CurrentUser me, @PathVariable("cycleId") String id,
                     @RequestParam(defaultValue = "") String reviewee, @RequestParam(defaultValue = "") String reviewer,
                     Model model, HttpServletResponse response) {
        UUID cycle = Ids.path(id, "Review cycle");
        try {
            cycles.addReview(me, cycle, Ids.field(reviewee, "reviewee", "Choose the reviewee among the members."),
                    Ids.field(reviewer, "reviewer", "Choose the reviewer among the members."));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return cycleView(me, cycle, model, e.fieldErrors());
        }
        return "redirect:/reviews/cycles/" + cycle;
    }

    @GetMapping("/reviews/reviews/{reviewId}")
    String review(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id, Model model) {
        return reviewView(me, Ids.path(id, "Review"), model, Map.of());
    }

    private String reviewView(CurrentUser me, UUID id, Model model, Map<String, String> errors) {
        CycleService.ReviewView v = cycles.view(me, id);
        Map<UUID, Integer> numbers = new LinkedHashMap<>();
        v.signals().forEach(s -> numbers.put(s.id(), numbers.size() + 1));
        Map<UUID, Signal> byId = new LinkedHashMap<>();
        v.signals().forEach(s -> byId.put(s.id(), s));
        List<Map<String, Object>> sentences = new ArrayList<>();
        if (v.review().draft() != null) {
            for (Review.Sentence s : v.review().draft().sentences()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("text", s.text());
                m.put("flag", s.flag());
                m.put("section", s.section());
                m.put("refs", s.signals().stream().filter(numbers::containsKey)
                        .map(x -> Map.of("id", x.toString(), "n", numbers.get(x))).toList());
                m.put("ids", String.join(",", s.signals().stream().map(UUID::toString).toList()));
                sentences.add(m);
            }
        }
        model.addAttribute("v", v);
        model.addAttribute("revieweeName", ReviewJson.name(v.reviewee()));
        model.addAttribute("reviewerName", ReviewJson.name(v.reviewer()));
        model.addAttribute("sentences", sentences);
        model.addAttribute("numbers", numbers);
        model.addAttribute("timeline", JSON.writeValueAsString(ReviewJson.timeline(v)));
        model.addAttribute("errors", errors);
        return "reviews/review";
    }

    @PostMapping("/reviews/reviews/{reviewId}/draft")
    String draft(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        UUID review = Ids.path(id, "Review");
        cycles.generate(me, review);
        return "redirect:/reviews/reviews/" + review + "#draft";
    }

    /** The editor's form: one {@code text} and one {@code signals} (ids, comma separated) per sentence; a blank text removes it. */
    @PostMapping("/reviews/reviews/{reviewId}/edit")
    String edit(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id,
                @RequestParam(name = "text", required = false) List<String> texts,
                @RequestParam(name = "signals", required = false) List<String> signals, Model model,
                HttpServletResponse response) {
        UUID review = Ids.path(id, "Review");
        List<CycleService.EditedSentence> out = new ArrayList<>();
        List<String> t = texts == null ? List.of() : texts;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i) == null || t.get(i).isBlank()) {
                continue;
            }
            String ids = signals != null && i < signals.size() && signals.get(i) != null ? signals.get(i) : "";
            out.add(new CycleService.EditedSentence(t.get(i), Arrays.stream(ids.split("[,\\s]+")).filter(x -> !x.isBlank()).toList()));
        }
        try {
            cycles.edit(me, review, out);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return reviewView(me, review, model, e.fieldErrors());
        }
        return "redirect:/reviews/reviews/" + review + "#draft";
    }

    @PostMapping("/reviews/reviews/{reviewId}/evidence")
    String evidence(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id,
                    @RequestParam(defaultValue = "") String signal, @RequestParam(defaultValue = "") String include) {
        UUID review = Ids.path(id, "Review");
        UUID s = Ids.path(signal, "Signal");
        cycles.evidence(me, review, s, "true".equals(include));
        return "redirect:/reviews/reviews/" + review + "#evidence";
    }

    @PostMapping("/reviews/reviews/{reviewId}/finalize")
    String finalizeReview(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        UUID review = Ids.path(id, "Review");
        cycles.finalizeReview(me, review);
        return "redirect:/reviews/reviews/" + review;
    }

    @GetMapping("/reviews/reviews/{reviewId}/review.md")
    ResponseEntity<String> markdown(@AuthenticationPrincipal CurrentUser me, @PathVariable("reviewId") String id) {
        String md = cycles.markdown(me, Ids.path(id, "Review"));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"review.md\"").body(md);
    }
}
