package dev.charter.ai.web;

import dev.charter.ai.AiGateway;
import dev.charter.ai.AiProvider;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiTask;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * The AI page, for admins: which provider answers this organization's requests, this month's usage, and a form that
 * runs the local fallback on sample text (nothing leaves the server).
 */
@Controller
class AiPageController {

    static final String SAMPLE_INSTRUCTION = "Summarize in 2 sentences";
    static final String SAMPLE_TEXT = "Our invoice for March was charged twice. The second payment of $49.00 on "
            + "2026-03-02 should be refunded. Everything else about the service has been great, and the team was quick "
            + "to answer. Please reply to billing@example.com.";

    private final AiGateway ai;
    private final JsonMapper json;
    private final Clock clock;

    AiPageController(AiGateway ai, JsonMapper json, Clock clock) {
        this.ai = ai;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/ai")
    String page(@AuthenticationPrincipal CurrentUser me, Model model) {
        me.requireAdmin();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        AiUsageReport report = AiUsageReport.of(ai, me.orgId(), today.withDayOfMonth(1), today);
        model.addAttribute("report", report);
        model.addAttribute("chartJson", json.writeValueAsString(report.chart()));
        model.addAttribute("tasks", List.of(AiTask.values()));
        model.addAttribute("sampleInstruction", SAMPLE_INSTRUCTION);
        model.addAttribute("sampleText", SAMPLE_TEXT);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("task", "", "instruction", SAMPLE_INSTRUCTION, "text", SAMPLE_TEXT));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("choiceErrors")) {
            model.addAttribute("choiceErrors", Map.of());
        }
        return "ai/ai";
    }

    /**
     * The organization's order of providers: a position (1 to 4, or empty for "not used") per provider, and the model
     * of its own endpoint. Refused whole, with the reasons next to the form.
     */
    @PostMapping("/ai/providers")
    String chooseProviders(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> params, Model model,
                           HttpServletResponse response) {
        me.requireAdmin();
        Map<String, String> errors = new LinkedHashMap<>();
        List<Map.Entry<Integer, AiProvider>> positions = new ArrayList<>();
        for (AiProvider p : AiProvider.values()) {
            String v = params.getOrDefault("position-" + p.name(), "").strip();
            if (v.isEmpty()) {
                continue;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < 1 || n > AiProvider.values().length) {
                    throw new NumberFormatException();
                }
                if (positions.stream().anyMatch(e -> e.getKey() == n)) {
                    errors.put("order", "Give each provider its own place in the order.");
                }
                positions.add(Map.entry(n, p));
            } catch (NumberFormatException e) {
                errors.put("order", "Choose a place from 1 to " + AiProvider.values().length + ", or not used.");
            }
        }
        if (errors.isEmpty()) {
            positions.sort(Comparator.comparing(Map.Entry::getKey));
            try {
                ai.chooseProviders(me.orgId(), me.userId(), positions.stream().map(Map.Entry::getValue).toList(),
                        params.get("endpointModel"));
                return "redirect:/ai?notice=providers-saved";
            } catch (InvalidInputException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        response.setStatus(400);
        model.addAttribute("choiceErrors", errors);
        return page(me, model);
    }

    /** Runs the local fallback; an htmx request gets the result fragment, a plain form post the whole page. */
    @PostMapping("/ai/try")
    String tryLocally(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> params,
                      @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
                      HttpServletResponse response) {
        me.requireAdmin();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("task", params.getOrDefault("task", ""));
        form.put("instruction", params.getOrDefault("instruction", ""));
        form.put("text", params.getOrDefault("text", ""));
        model.addAttribute("form", form);
        model.addAttribute("tasks", List.of(AiTask.values()));
        Map<String, String> errors = new LinkedHashMap<>();
        AiTask task = null;
        if (!form.get("task").isBlank()) {
            task = AiTask.fromHint(form.get("task")).orElse(null);
            if (task == null) {
                errors.put("task", "Choose one of the listed tasks, or let the instruction decide.");
                if (form.get("instruction").isBlank()) {
                    errors.put("instruction", "Write what should be done with the data.");
                }
            }
        }
        if (errors.isEmpty()) {
            try {
                AiRequest request = AiRequest.of(me.orgId(), "ai.try-it", form.get("instruction"), data(form.get("text")))
                        .withActor(me.userId()).withTask(task);
                AiResult result = ai.completeLocally(request);
                model.addAttribute("result", result);
                model.addAttribute("resultJson", json.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result.json()));
            } catch (InvalidInputException e) {
                e.fieldErrors().forEach((f, m) -> errors.put("data".equals(f) ? "text" : f, m));
            }
        }
        model.addAttribute("errors", errors);
        if (htmx != null) {
            // htmx swaps only 2xx answers: the errors travel inside the fragment, next to their fields
            return "ai/ai :: try-form";
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
        }
        return page(me, model);
    }

    /** The sample as JSON when it is a JSON object or array (for templates), else as one string. */
    private JsonNode data(String text) {
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return json.readTree(t);
            } catch (JacksonException e) {
                // not JSON after all: plain text
            }
        }
        return StringNode.valueOf(text);
    }
}
