package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AccessProposal;
import dev.charter.perfcases.AccessProposals;
import dev.charter.perfcases.AccessScope;
import dev.charter.perfcases.CaseTraces;
import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.NewTelemetryConnection;
import dev.charter.perfcases.PerfCases;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryConnections;
import dev.charter.perfcases.TelemetryKind;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The pages for trace and profile connections: their guides, connecting one, reading a case's spans, access proposals. */
@Controller
class CaseTracesPagesController {

    private final TelemetryConnections connections;
    private final PerfCases cases;
    private final CaseTraces traces;
    private final AccessProposals proposals;

    CaseTracesPagesController(TelemetryConnections connections, PerfCases cases, CaseTraces traces, AccessProposals proposals) {
        this.connections = connections;
        this.cases = cases;
        this.traces = traces;
        this.proposals = proposals;
    }

    @GetMapping("/perfcases/guides/tempo")
    String tempoGuide() {
        return "perfcases/guide-tempo";
    }

    @GetMapping("/perfcases/guides/pyroscope")
    String pyroscopeGuide() {
        return "perfcases/guide-pyroscope";
    }

    @GetMapping("/perfcases/guides/sql")
    String sqlGuide() {
        return "perfcases/guide-sql";
    }

    @GetMapping("/perfcases/guides/loki")
    String lokiGuide() {
        return "perfcases/guide-loki";
    }

    @GetMapping("/perfcases/guides/jaeger")
    String jaegerGuide() {
        return "perfcases/guide-jaeger";
    }

    @PostMapping("/perfcases/connections/traces")
    String connect(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                   HttpServletResponse response) {
        try {
            TelemetryKind kind = TelemetryKind.valueOf(form.getOrDefault("kind", ""));
            if (kind.metrics()) {
                throw new IllegalArgumentException("not a trace or profile kind");
            }
            String auth = form.getOrDefault("auth", "NONE");
            String lookback = form.getOrDefault("lookbackMinutes", "");
            String secret = form.getOrDefault("secret", "");
            TelemetryConnection c = connections.connect(me, new NewTelemetryConnection(kind, form.get("label"),
                    form.get("baseUrl"), auth.isBlank() ? TelemetryAuth.NONE : TelemetryAuth.valueOf(auth), form.get("username"),
                    secret.isEmpty() ? null : SecretValue.of(secret), null,
                    new DetectionSettings(lookback.isBlank() ? null : Duration.ofMinutes(Long.parseLong(lookback.strip())),
                            null, null, null, null, null)));
            return "redirect:/perfcases/connections/" + c.id() + "?notice=perfcases-connected";
        } catch (InvalidInputException e) {
            model.addAttribute("traceErrors", e.fieldErrors());
        } catch (IllegalArgumentException e) {
            model.addAttribute("traceErrors", Map.of("form", "Check the kind, the choices and the numbers of the form."));
        }
        response.setStatus(400);
        model.addAttribute("connections", connections.list(me.orgId()));
        model.addAttribute("cases", cases.list(me.orgId()));
        model.addAttribute("form", Map.of());
        model.addAttribute("errors", Map.of());
        return "perfcases/overview";
    }

    @PostMapping("/perfcases/cases/{caseId}/traces")
    String read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                @RequestParam(required = false) UUID connectionId) {
        traces.read(me, caseId, connectionId);
        return "redirect:/perfcases/cases/" + caseId + "?notice=perfcases-traces-read#pc-traces";
    }

    @PostMapping("/perfcases/cases/{caseId}/proposals")
    String propose(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                   @RequestParam(required = false) UUID connectionId, @RequestParam(required = false) AccessScope scope,
                   @RequestParam(required = false) String subject, @RequestParam(required = false) String justification) {
        proposals.propose(me, caseId, connectionId, scope, subject, justification);
        return "redirect:/perfcases/cases/" + caseId + "?notice=perfcases-access-proposed#pc-proposals";
    }

    @PostMapping("/perfcases/proposals/{accessProposalId}/approve")
    String approve(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return back(proposals.approve(me, id), "perfcases-access-approved");
    }

    @PostMapping("/perfcases/proposals/{accessProposalId}/deny")
    String deny(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return back(proposals.deny(me, id), "perfcases-access-denied");
    }

    @PostMapping("/perfcases/proposals/{accessProposalId}/withdraw")
    String withdraw(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return back(proposals.withdraw(me, id), "perfcases-access-withdrawn");
    }

    private static String back(AccessProposal p, String notice) {
        return "redirect:/perfcases/cases/" + p.caseId() + "?notice=" + notice + "#pc-proposals";
    }
}
