package dev.charter.pilots.web;

import dev.charter.connectors.Connections;
import dev.charter.identity.CurrentUser;
import dev.charter.pilots.internal.PilotService;
import dev.charter.pilots.internal.StepKinds;
import dev.charter.pilots.internal.StepTester;
import dev.charter.pilots.internal.StepType;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The Pilot editor. Adding, removing and moving steps re-renders the form from what was posted;
 * only "Save" writes. Step forms come from each kind's descriptor, never from per-kind templates.
 */
@Controller
class PilotEditorController {

    private final PilotService pilots;
    private final StepKinds kinds;
    private final StepTester tester;
    private final JsonMapper json;
    private final Connections connections;

    PilotEditorController(PilotService pilots, StepKinds kinds, StepTester tester, JsonMapper json, Connections connections) {
        this.pilots = pilots;
        this.kinds = kinds;
        this.tester = tester;
        this.json = json;
        this.connections = connections;
    }

    @GetMapping("/pilots/new")
    String newPilot(@AuthenticationPrincipal CurrentUser me, Model model) {
        return editor(me, model, null, PilotForm.blank(), Map.of());
    }

    @GetMapping("/pilots/{pilotId}/edit")
    String edit(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId, Model model) {
        var pilot = pilots.get(me, pilotId);
        return editor(me, model, pilotId, PilotForm.of(pilot.definition(), kinds, json), Map.of());
    }

    @PostMapping("/pilots/new")
    String create(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> params, Model model,
                  HttpServletResponse response) {
        return submit(me, null, params, model, response);
    }

    @PostMapping("/pilots/{pilotId}/edit")
    String update(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID pilotId, @RequestParam Map<String, String> params,
                  Model model, HttpServletResponse response) {
        pilots.get(me, pilotId); // another organization's Pilot is 404 before anything in the form is looked at
        return submit(me, pilotId, params, model, response);
    }

    /** Runs one step (after the earlier ones) on the sample payload; answers an htmx fragment. */
    @PostMapping("/pilots/test-step")
    String testStep(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> params,
                    @RequestParam("step") int step, Model model) {
        PilotForm form = PilotForm.parse(params, kinds);
        Map<String, String> errors = new LinkedHashMap<>();
        var definition = form.definition(json, errors);
        model.addAttribute("index", step);
        if (errors.containsKey("samplePayload")) {
            model.addAttribute("result", new StepTester.Result(false, null, "Sample payload: " + errors.get("samplePayload"), null));
        } else {
            try {
                model.addAttribute("result", tester.test(me, definition, step));
            } catch (InvalidInputException e) {
                model.addAttribute("result", new StepTester.Result(false, null, String.join(" ", e.fieldErrors().values()), null));
            }
        }
        return "pilots/test-result :: result";
    }

    private String submit(CurrentUser me, UUID pilotId, Map<String, String> params, Model model, HttpServletResponse response) {
        PilotForm form = PilotForm.parse(params, kinds);
        String action = params.getOrDefault("action", "save");
        if (!"save".equals(action)) {
            String newKind = params.get("newStepKind");
            if ("add".equals(action) && kinds.get(newKind).isEmpty()) {
                model.addAttribute("addError", "Choose the kind of step to add.");
                return editor(me, model, pilotId, form, Map.of());
            }
            return editor(me, model, pilotId, change(form, action, newKind), Map.of());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        var definition = form.definition(json, errors);
        try {
            if (errors.isEmpty()) {
                var saved = pilotId == null ? pilots.create(me, definition) : pilots.update(me, pilotId, definition);
                return "redirect:/pilots/" + saved.id() + "?notice=" + (pilotId == null ? "pilot-created" : "pilot-saved");
            }
            pilots.check(definition);
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach(errors::putIfAbsent);
        }
        response.setStatus(400);
        return editor(me, model, pilotId, form, errors);
    }

    /**
     * Applies one editor action to the posted form: {@code add}, {@code remove:i}, {@code up:i}, {@code down:i},
     * {@code add-row:i:field} and {@code remove-row:i:field:j} (the rows of a name/value field). Anything else
     * leaves the form as it was.
     */
    private PilotForm change(PilotForm form, String action, String newKind) {
        List<PilotForm.StepForm> steps = new ArrayList<>(form.steps());
        if ("add".equals(action)) {
            if (steps.size() < 50) {
                steps.add(PilotForm.step(newKind, uniqueName(newKind, steps), null, kinds));
            }
            return form.withSteps(steps);
        }
        String[] parts = action.split(":", 4);
        int i = parts.length > 1 ? number(parts[1]) : -1;
        if (i < 0 || i >= steps.size()) {
            return form;
        }
        switch (parts[0]) {
            case "remove" -> steps.remove(i);
            case "up" -> { if (i > 0) Collections.swap(steps, i, i - 1); }
            case "down" -> { if (i + 1 < steps.size()) Collections.swap(steps, i, i + 1); }
            case "add-row", "remove-row" -> {
                if (parts.length < 3) {
                    return form;
                }
                PilotForm.StepForm step = steps.get(i);
                List<PilotForm.Row> rows = new ArrayList<>(step.rows(parts[2]));
                if ("add-row".equals(parts[0]) && rows.size() < PilotForm.MAX_ROWS) {
                    rows.add(new PilotForm.Row("", ""));
                } else if ("remove-row".equals(parts[0]) && parts.length == 4) {
                    int j = number(parts[3]);
                    if (j >= 0 && j < rows.size()) {
                        rows.remove(j);
                    }
                }
                steps.set(i, step.withRows(parts[2], rows));
            }
            default -> { }
        }
        return form.withSteps(steps);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String uniqueName(String kind, List<PilotForm.StepForm> steps) {
        for (int n = 1; ; n++) {
            String candidate = kind + n;
            if (steps.stream().noneMatch(s -> candidate.equals(s.name()))) {
                return candidate;
            }
        }
    }

    private String editor(CurrentUser me, Model model, UUID pilotId, PilotForm form, Map<String, String> errors) {
        model.addAttribute("pilotId", pilotId);
        model.addAttribute("formAction", pilotId == null ? "/pilots/new" : "/pilots/" + pilotId + "/edit");
        model.addAttribute("testSends", testSends(form));
        model.addAttribute("pageTitle", pilotId == null ? "New Pilot" : "Edit " + form.title());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("verifications", dev.charter.pilots.internal.PilotDefinition.Trigger.VERIFICATIONS);
        model.addAttribute("problems", form.problems(errors));
        model.addAttribute("kinds", kinds.descriptors().stream()
                .sorted(java.util.Comparator.comparing(StepType.Descriptor::label)).toList());
        model.addAttribute("connectionChoices", ConnectionChoices.of(connections.list(me.orgId())));
        return "pilots/editor";
    }

    /** For each step, whether testing it sends something out for real (it or an earlier step reaches out). */
    private List<Boolean> testSends(PilotForm form) {
        List<Boolean> out = new ArrayList<>();
        boolean sends = false;
        for (var s : form.steps()) {
            sends = sends || kinds.get(s.kind()).map(StepType::reachesOut).orElse(false);
            out.add(sends);
        }
        return out;
    }
}
