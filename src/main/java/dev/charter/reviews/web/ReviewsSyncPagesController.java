package dev.charter.reviews.web;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.Connections;
import dev.charter.identity.CurrentUser;
import dev.charter.reviews.SignalSource;
import dev.charter.reviews.SignalSync;
import dev.charter.reviews.WorkSignals;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The work-signal sync page: each connected tool's syncs with their schedule, progress and last error. */
@Controller
class ReviewsSyncPagesController {

    /** The schedules offered on the page; the API takes any duration from 15 minutes to 7 days. */
    static final Map<String, String> EVERY = new LinkedHashMap<>();

    static {
        EVERY.put("", "On demand only");
        EVERY.put("PT1H", "Every hour");
        EVERY.put("PT6H", "Every 6 hours");
        EVERY.put("P1D", "Every day");
    }

    private final WorkSignals signals;
    private final Connections connections;

    ReviewsSyncPagesController(WorkSignals signals, Connections connections) {
        this.signals = signals;
        this.connections = connections;
    }

    @GetMapping("/reviews/sync")
    String page(@AuthenticationPrincipal CurrentUser me, Model model) {
        return view(me, model, Map.of(), null);
    }

    private String view(CurrentUser me, Model model, Map<String, String> errors, String notice) {
        List<Connection> tools = connections.list(me.orgId()).stream()
                .filter(c -> SignalSource.of(c.kind()).isPresent()).toList();
        Map<ConnectionId, String> labels = new LinkedHashMap<>();
        tools.forEach(c -> labels.put(c.id(), c.label()));
        List<SignalSync> syncs = signals.syncs(me.orgId());
        model.addAttribute("tools", tools.stream().filter(Connection::usable).toList());
        model.addAttribute("labels", labels);
        model.addAttribute("syncs", syncs);
        Map<UUID, String> schedules = new LinkedHashMap<>();
        syncs.forEach(x -> schedules.put(x.id(), everyText(x.every())));
        model.addAttribute("schedules", schedules);
        model.addAttribute("every", EVERY);
        model.addAttribute("errors", errors);
        model.addAttribute("notice", notice);
        return "reviews/sync";
    }

    static String everyText(Duration every) {
        if (every == null) {
            return "on demand";
        }
        String key = every.toString();
        return EVERY.containsKey(key) ? EVERY.get(key).toLowerCase(java.util.Locale.ROOT) : "every " + every;
    }

    @PostMapping("/reviews/sync")
    String schedule(@AuthenticationPrincipal CurrentUser me, @RequestParam(defaultValue = "") String connection,
                    @RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "") String every,
                    Model model, HttpServletResponse response) {
        UUID id;
        try {
            id = UUID.fromString(connection);
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            return view(me, model, Map.of("connection", "Choose a connected tool."), null);
        }
        try {
            signals.schedule(me, new ConnectionId(id), scope, ReviewsSignalsApiController.every(every));
        } catch (InvalidInputException e) {
            response.setStatus(400);
            return view(me, model, e.fieldErrors(), null);
        }
        return "redirect:/reviews/sync";
    }

    @PostMapping("/reviews/sync/{syncId}/run")
    String run(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID syncId, Model model,
               HttpServletResponse response) {
        try {
            signals.runNow(me, syncId);
        } catch (ConflictException e) {
            response.setStatus(409);
            return view(me, model, Map.of(), e.getMessage());
        }
        return "redirect:/reviews/sync";
    }

    @PostMapping("/reviews/sync/{syncId}/delete")
    String delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID syncId) {
        signals.deleteSync(me, syncId);
        return "redirect:/reviews/sync";
    }
}
