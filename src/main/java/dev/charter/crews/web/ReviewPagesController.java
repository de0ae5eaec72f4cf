package dev.charter.crews.web;

import dev.charter.crews.CrewDefinition;
import dev.charter.crews.ReviewPolicy;
import dev.charter.crews.internal.ReviewPolicies;
import dev.charter.crews.internal.ReviewQueue;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The review queue page, with the organization's gates as its settings section. */
@Controller
class ReviewPagesController {

    private final ReviewQueue queue;
    private final ReviewPolicies policies;

    ReviewPagesController(ReviewQueue queue, ReviewPolicies policies) {
        this.queue = queue;
        this.policies = policies;
    }

    @GetMapping("/crews/review")
    String page(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "open") String status, Model model) {
        return view(me, status, model, Map.of(), null);
    }

    private String view(CurrentUser me, String status, Model model, Map<String, String> errors, UUID failed) {
        model.addAttribute("status", status);
        model.addAttribute("items", queue.list(me, status, 200));
        ReviewPolicy policy = policies.policy(me.orgId());
        model.addAttribute("policy", policy);
        model.addAttribute("kinds", ReviewPolicy.KINDS);
        model.addAttribute("decisions", CrewDefinition.SIGNIFICANT);
        model.addAttribute("errors", errors);
        model.addAttribute("failed", failed);
        return "crews/review";
    }

    @PostMapping("/crews/review/{reviewId}/approve")
    String approve(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId,
                   @RequestParam(defaultValue = "") String note, Model model, HttpServletResponse response) {
        return act(me, reviewId, model, response, () -> queue.approve(me, reviewId, note));
    }

    @PostMapping("/crews/review/{reviewId}/override")
    String override(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId,
                    @RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "") String reason,
                    Model model, HttpServletResponse response) {
        return act(me, reviewId, model, response, () -> queue.override(me, reviewId, value, reason));
    }

    @PostMapping("/crews/review/{reviewId}/escalate")
    String escalate(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID reviewId,
                    @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        return act(me, reviewId, model, response, () -> queue.escalate(me, reviewId, reason));
    }

    @PostMapping("/crews/review/gates")
    String gates(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                 HttpServletResponse response) {
        Map<String, CrewDefinition.Threshold> gates = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String kind : ReviewPolicy.KINDS) {
            Double c = number(form.get(kind + ".minConfidence"));
            Double m = number(form.get(kind + ".minMargin"));
            if (c == null || m == null) {
                errors.put("gates." + kind, "Write the minimum confidence and margin as numbers between 0 and 1.");
            } else {
                gates.put(kind, new CrewDefinition.Threshold(c, m));
            }
        }
        Set<String> significant = new HashSet<>();
        form.forEach((k, v) -> {
            if (k.startsWith("significant.")) {
                significant.add(k.substring("significant.".length()));
            }
        });
        try {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            policies.save(me, gates, significant);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return view(me, "open", model, e.fieldErrors(), null);
        }
        return "redirect:/crews/review";
    }

    private String act(CurrentUser me, UUID id, Model model, HttpServletResponse response, Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return view(me, "open", model, e.fieldErrors(), id);
        }
        return "redirect:/crews/review";
    }

    private static Double number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
