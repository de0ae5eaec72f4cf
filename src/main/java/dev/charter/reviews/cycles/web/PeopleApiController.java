package dev.charter.reviews.cycles.web;

import dev.charter.identity.CurrentUser;
import dev.charter.reviews.cycles.internal.IdentityView;
import dev.charter.reviews.cycles.internal.PeopleService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** People and identity matching as JSON: identities with their link or proposal, linking, confirming, unlinking. */
@RestController
@RequestMapping("/api/v1/reviews/people")
@Tag(name = "Reviews: people")
class PeopleApiController {

    record Link(String source, String identity, String person) {}

    private final PeopleService people;

    PeopleApiController(PeopleService people) {
        this.people = people;
    }

    @GetMapping("/identities")
    @Operation(summary = "Every identity the signals name: linked (confirmed), proposed (email match) or unmatched")
    List<Map<String, Object>> identities(@AuthenticationPrincipal CurrentUser me) {
        return people.identities(me.orgId()).stream().map(PeopleApiController::json).toList();
    }

    @PutMapping("/identities")
    @Operation(summary = "Link an identity to a member (admin); its signals then count for that member")
    Map<String, Object> link(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) Link body) {
        Link b = body == null ? new Link(null, null, null) : body;
        people.link(me, b.source(), b.identity(), Ids.field(b.person(), "person", "Choose a member of this organization."));
        return Map.of("linked", true);
    }

    @PostMapping("/identities/confirm-proposals")
    @Operation(summary = "Confirm every proposed link: email identities equal to a member's email (admin)")
    Map<String, Object> confirm(@AuthenticationPrincipal CurrentUser me) {
        return Map.of("confirmed", people.confirmProposals(me));
    }

    @DeleteMapping("/identities")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an identity's link (admin); its signals then count for no one")
    void unlink(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String source,
                @RequestParam(required = false) String identity) {
        people.unlink(me, source, identity);
    }

    static Map<String, Object> json(IdentityView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", v.source().name());
        m.put("identity", v.identity());
        m.put("signals", v.signals());
        m.put("linkedTo", v.linkedTo() == null ? null : v.linkedTo().toString());
        m.put("linkedName", v.linkedName());
        m.put("proposed", v.proposed() == null ? null : v.proposed().toString());
        m.put("proposedName", v.proposedName());
        m.put("state", v.linkedTo() != null ? "LINKED" : v.proposed() != null ? "PROPOSED" : "UNMATCHED");
        return m;
    }
}
