package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AgentSession;
import dev.charter.perfcases.AgentSessions;
import dev.charter.perfcases.CodeHost;
import dev.charter.perfcases.CodeHosts;
import dev.charter.perfcases.NewCodeHost;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.PerfCases;
import dev.charter.perfcases.StartSession;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The agent's pages: the organization's GitHub App installations (connect, the webhook address, remove), starting
 * an agent session on a case, and a session's page, which follows it live while it runs.
 */
@Controller
class AgentPagesController {

    private final CodeHosts hosts;
    private final AgentSessions sessions;
    private final PerfCases cases;

    AgentPagesController(CodeHosts hosts, AgentSessions sessions, PerfCases cases) {
        this.hosts = hosts;
        this.sessions = sessions;
        this.cases = cases;
    }

    @GetMapping("/perfcases/guides/github")
    String guide() {
        return "perfcases/guide-github";
    }

    @GetMapping("/perfcases/github")
    String codeHosts(@AuthenticationPrincipal CurrentUser me, Model model, HttpServletRequest request) {
        return codeHostsPage(me, model, request, Map.of(), Map.of());
    }

    @PostMapping("/perfcases/github")
    String connect(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                   HttpServletRequest request, HttpServletResponse response) {
        Long installation = null;
        try {
            String raw = form.getOrDefault("installationId", "").strip();
            installation = raw.isEmpty() ? null : Long.valueOf(raw);
        } catch (NumberFormatException e) {
            installation = -1L;
        }
        try {
            CodeHost h = hosts.connect(me, new NewCodeHost(form.get("label"), form.get("apiBase"), form.get("gitBase"),
                    form.get("appId"), installation, form.get("account"), form.getOrDefault("privateKey", "").toCharArray(),
                    form.getOrDefault("webhookSecret", "").toCharArray()));
            return "redirect:/perfcases/github?notice=perfcases-github-connected#pc-github-" + h.id();
        } catch (InvalidInputException e) {
            response.setStatus(400);
            Map<String, String> kept = new HashMap<>(form);
            kept.remove("privateKey");
            kept.remove("webhookSecret");
            kept.remove("_csrf");
            return codeHostsPage(me, model, request, kept, e.fieldErrors());
        }
    }

    @PostMapping("/perfcases/github/{codeHostId}/remove")
    String remove(@AuthenticationPrincipal CurrentUser me, @PathVariable("codeHostId") UUID id) {
        hosts.remove(me, id);
        return "redirect:/perfcases/github?notice=perfcases-github-removed";
    }

    private String codeHostsPage(CurrentUser me, Model model, HttpServletRequest request, Map<String, String> form,
                                 Map<String, String> errors) {
        List<CodeHost> all = hosts.list(me.orgId());
        String base = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
        Map<UUID, String> hooks = new HashMap<>();
        all.forEach(h -> hooks.put(h.id(), base + "/webhooks/perfcases/github/" + h.id()));
        model.addAttribute("codeHosts", all);
        model.addAttribute("webhooks", hooks);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "perfcases/github";
    }

    @GetMapping("/perfcases/cases/{caseId}/sessions/new")
    String newSession(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId, Model model) {
        return startPage(me, caseId, model, Map.of(), Map.of());
    }

    @PostMapping("/perfcases/cases/{caseId}/sessions")
    String start(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                 @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        try {
            AgentSession s = sessions.start(me, caseId, new StartSession(uuid(form.get("codeHostId")), form.get("repository"),
                    form.get("goodRef"), form.get("badRef"), form.get("build"), form.get("test"), form.get("bench"),
                    integer(form.get("runs")), decimal(form.get("minEffect"))));
            return "redirect:/perfcases/sessions/" + s.id();
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            Map<String, String> kept = new HashMap<>(form);
            kept.remove("_csrf");
            return startPage(me, caseId, model, kept,
                    e instanceof InvalidInputException i ? i.fieldErrors() : Map.of("form", e.getMessage()));
        }
    }

    private String startPage(CurrentUser me, UUID caseId, Model model, Map<String, String> form, Map<String, String> errors) {
        me.requireAdmin();
        PerfCase c = cases.get(me.orgId(), caseId);
        model.addAttribute("perfCase", c);
        model.addAttribute("codeHosts", hosts.list(me.orgId()).stream().filter(CodeHost::active).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "perfcases/session-start";
    }

    @GetMapping("/perfcases/sessions/{sessionId}")
    String session(@AuthenticationPrincipal CurrentUser me, @PathVariable("sessionId") UUID id, Model model) {
        AgentSession s = sessions.get(me.orgId(), id);
        model.addAttribute("agentSession", s);
        model.addAttribute("perfCase", cases.get(me.orgId(), s.caseId()));
        model.addAttribute("log", sessions.log(me.orgId(), id, 0, 5000));
        model.addAttribute("comparisons", s.result().getOrDefault("comparisons", List.of()));
        model.addAttribute("unit", s.result().get("recipe") instanceof Map<?, ?> r && r.get("unit") != null ? r.get("unit") : "µs");
        return "perfcases/session";
    }

    private static UUID uuid(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("codeHostId", "Choose the GitHub App installation to work through.");
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("runs", "Runs per version are a whole number, 3 to 30.");
        }
    }

    private static Double decimal(String s) {
        try {
            return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("minEffect", "The minimum effect is a number, 0.01 (1 %) to 1 (100 %).");
        }
    }
}
