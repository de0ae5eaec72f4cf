package dev.charter.ai.web;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiStatus;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** AI usage as JSON, for admins: counts per day and provider, never what was asked or answered. */
@RestController
@RequestMapping("/api/v1/ai")
@Tag(name = "AI")
class AiApiController {

    private final AiGateway ai;
    private final Clock clock;

    AiApiController(AiGateway ai, Clock clock) {
        this.ai = ai;
        this.clock = clock;
    }

    @GetMapping("/usage")
    @Operation(summary = "The active provider, today's budget and usage per day and provider (admin); "
            + "from and to are ISO dates (UTC), by default this month")
    AiUsageReport usage(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to) {
        me.requireAdmin();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, end.withDayOfMonth(1));
        return AiUsageReport.of(ai, me.orgId(), start, end);
    }

    /**
     * @param order         providers in the order they are tried: ORG_ENDPOINT, ORG_KEY, SERVER_KEY, LOCAL
     * @param endpointModel the model the organization's own endpoint is asked for; empty for the server's default
     */
    record ProviderChoice(List<String> order, String endpointModel) {}

    @GetMapping("/providers")
    @Operation(summary = "The organization's order of AI providers, each with where its data goes (admin)")
    AiStatus providers(@AuthenticationPrincipal CurrentUser me) {
        me.requireAdmin();
        return ai.status(me.orgId());
    }

    @PutMapping("/providers")
    @Operation(summary = "Set the organization's order of AI providers (admin); the local fallback is always last")
    AiStatus choose(@AuthenticationPrincipal CurrentUser me, @RequestBody(required = false) ProviderChoice body) {
        me.requireAdmin();
        if (body == null || body.order() == null) {
            throw new InvalidInputException("order", "Send {\"order\": [\"ORG_ENDPOINT\", \"LOCAL\"]}: the providers in "
                    + "the order they should be tried.");
        }
        List<AiProvider> order = new ArrayList<>();
        for (String name : body.order()) {
            AiProvider p = Arrays.stream(AiProvider.values()).filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("order", "Name providers as ORG_ENDPOINT, ORG_KEY, "
                            + "SERVER_KEY or LOCAL."));
            order.add(p);
        }
        ai.chooseProviders(me.orgId(), me.userId(), order, body.endpointModel());
        return ai.status(me.orgId());
    }

    private static LocalDate date(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "Give a date as YYYY-MM-DD.");
        }
    }
}
