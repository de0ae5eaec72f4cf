package dev.charter.privacy.web;

import dev.charter.identity.CurrentUser;
import dev.charter.privacy.BillingRecords;
import dev.charter.privacy.internal.ProcessingChoices;
import dev.charter.privacy.internal.UsageCounter;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Restriction, objection and analytics opt-out (DSR-3, DSR-4); the organization's analytics and billing for admins. */
@RestController
@RequestMapping("/api/v1/privacy")
@Tag(name = "Privacy")
class RightsApiController {

    private final ProcessingChoices choices;
    private final UsageCounter usage;
    private final BillingRecords billing;

    RightsApiController(ProcessingChoices choices, UsageCounter usage, BillingRecords billing) {
        this.choices = choices;
        this.usage = usage;
        this.billing = billing;
    }

    @GetMapping("/processing")
    @Operation(summary = "Your processing choices: restricted, objected, analytics opt-out")
    ProcessingChoices.Choices get(@AuthenticationPrincipal CurrentUser me) {
        return choices.choices(me.orgId(), me.userId());
    }

    @PatchMapping("/processing")
    @Operation(summary = "Restrict or object to processing of your data, or opt out of analytics (omitted flags stay)")
    ProcessingChoices.Choices change(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) ProcessingChoices.Change change) {
        return choices.change(me, change);
    }

    @GetMapping("/analytics")
    @Operation(summary = "The organization's first-party usage counts per day (owners and admins)")
    List<UsageCounter.Count> analytics(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "30") int days) {
        me.requireAdmin();
        if (days < 1 || days > 90) {
            throw new InvalidInputException("days", "Ask for 1 to 90 days; counts are kept 90 days.");
        }
        return usage.counts(me.orgId(), days);
    }

    @GetMapping("/billing")
    @Operation(summary = "The organization's billing records (owners and admins)")
    List<BillingRecords.BillingRecord> billing(@AuthenticationPrincipal CurrentUser me) {
        me.requireAdmin();
        return billing.list(me.orgId());
    }
}
