package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AccessProposals;
import dev.charter.perfcases.CaseProfiles;
import dev.charter.perfcases.CaseTraces;
import dev.charter.perfcases.DetectionSettings;
import dev.charter.perfcases.LogGrant;
import dev.charter.perfcases.LogSource;
import dev.charter.perfcases.LogSourceKind;
import dev.charter.perfcases.NewLogSource;
import dev.charter.perfcases.PerfLogs;
import dev.charter.perfcases.Metric;
import dev.charter.perfcases.MetricGrant;
import dev.charter.perfcases.NewTelemetryConnection;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.PerfCases;
import dev.charter.perfcases.ProfileSummary;
import dev.charter.perfcases.SupportAccess;
import dev.charter.perfcases.TelemetryAuth;
import dev.charter.perfcases.TelemetryConnection;
import dev.charter.perfcases.TelemetryConnections;
import dev.charter.perfcases.TelemetryKind;
import dev.charter.perfcases.VersionSource;
import dev.charter.perfcases.internal.PerfcasesViews;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
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
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** The Perf cases pages: connections with their guides, services and versions with charts, cases. */
@Controller
class PerfcasesPagesController {

    private final TelemetryConnections connections;
    private final PerfCases cases;
    private final PerfcasesViews views;
    private final JsonMapper json;
    private final SupportAccess support;
    private final CaseTraces traces;
    private final CaseProfiles profiles;
    private final PerfLogs logs;
    private final AccessProposals proposals;
    private final dev.charter.perfcases.AgentSessions sessions;

    PerfcasesPagesController(TelemetryConnections connections, PerfCases cases, PerfcasesViews views, JsonMapper json,
                             SupportAccess support, CaseTraces traces, AccessProposals proposals, CaseProfiles profiles,
                             PerfLogs logs, dev.charter.perfcases.AgentSessions sessions) {
        this.sessions = sessions;
        this.logs = logs;
        this.connections = connections;
        this.cases = cases;
        this.views = views;
        this.json = json;
        this.support = support;
        this.traces = traces;
        this.profiles = profiles;
        this.proposals = proposals;
    }

    @GetMapping("/perfcases")
    String overview(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("connections", connections.list(me.orgId()));
        model.addAttribute("cases", cases.list(me.orgId()));
        model.addAttribute("form", Map.of());
        model.addAttribute("errors", Map.of());
        logsModel(me, model, Map.of(), Map.of());
        return "perfcases/overview";
    }

    private void logsModel(CurrentUser me, Model model, Map<String, String> logForm, Map<String, String> logErrors) {
        model.addAttribute("logSources", logs.list(me.orgId()));
        model.addAttribute("logStrict", logs.strict(me.orgId()));
        model.addAttribute("logForm", logForm);
        model.addAttribute("logErrors", logErrors);
    }

    /** An admin connects a log source from the page: one SQL view (or Loki's labels) per form; errors come back on it. */
    @PostMapping("/perfcases/log-sources")
    String connectLogs(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                       HttpServletResponse response) {
        try {
            LogSourceKind kind = LogSourceKind.valueOf(form.getOrDefault("kind", ""));
            String auth = form.getOrDefault("auth", "");
            LogGrant grant = kind == LogSourceKind.SQL
                    ? new LogGrant(List.of(new LogGrant.View(form.get("view"), list(form.get("groupBy")), list(form.get("measures")))), List.of())
                    : new LogGrant(List.of(), list(form.get("labels")));
            String secret = form.getOrDefault("secret", "");
            logs.connect(me, new NewLogSource(kind, form.get("label"), form.get("address"),
                    auth.isBlank() ? (kind == LogSourceKind.SQL ? TelemetryAuth.BASIC : TelemetryAuth.NONE) : TelemetryAuth.valueOf(auth),
                    form.get("username"), secret.isEmpty() ? null : SecretValue.of(secret), grant));
            return "redirect:/perfcases?notice=perfcases-logs-connected#pc-logs";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("logFailure", e instanceof InvalidInputException i ? i.fieldErrors() : Map.of("form", e.getMessage()));
        } catch (IllegalArgumentException e) {
            model.addAttribute("logFailure", Map.of("form", "Choose SQL or LOKI, and an authentication of the list."));
        }
        response.setStatus(400);
        Map<String, String> kept = new java.util.HashMap<>(form);
        kept.remove("secret");
        kept.remove("_csrf");
        model.addAttribute("connections", connections.list(me.orgId()));
        model.addAttribute("cases", cases.list(me.orgId()));
        model.addAttribute("form", Map.of());
        model.addAttribute("errors", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, String> failure = (Map<String, String>) model.getAttribute("logFailure");
        logsModel(me, model, kept, failure);
        return "perfcases/overview";
    }

    @PostMapping("/perfcases/log-sources/{logSourceId}/revoke")
    String revokeLogs(@AuthenticationPrincipal CurrentUser me, @PathVariable("logSourceId") UUID id) {
        logs.revoke(me, id);
        return "redirect:/perfcases?notice=perfcases-logs-revoked#pc-logs";
    }

    @PostMapping("/perfcases/log-settings")
    String strictLogs(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String strict) {
        logs.setStrict(me, "on".equals(strict) || "true".equals(strict));
        return "redirect:/perfcases?notice=perfcases-logs-strict#pc-logs";
    }

    /** A member reads one log aggregate for the case; what was wrong comes back on the case's page. */
    @PostMapping("/perfcases/cases/{caseId}/log-aggregates")
    String readLogs(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id, @RequestParam Map<String, String> form,
                    Model model, HttpServletResponse response) {
        try {
            List<Double> buckets = new java.util.ArrayList<>();
            for (String b : list(form.get("buckets"))) {
                buckets.add(Double.valueOf(b));
            }
            logs.read(me, id, new PerfLogs.Read(uuid(form.get("sourceId")), blank(form.get("view")), list(form.get("groupBy")),
                    blank(form.get("measure")), blank(form.get("column")), buckets, blank(form.get("logql"))));
            return "redirect:/perfcases/cases/" + id + "?notice=perfcases-logs-read#pc-logs";
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof InvalidInputException ? 400 : 409);
            model.addAttribute("logReadErrors", e instanceof InvalidInputException i ? i.fieldErrors() : Map.of("source", e.getMessage()));
        } catch (NumberFormatException e) {
            response.setStatus(400);
            model.addAttribute("logReadErrors", Map.of("buckets", "Give the bucket bounds as numbers, separated by commas."));
        }
        return casePage(me, id, model, Map.of(), Map.of());
    }

    private static List<String> list(String s) {
        return s == null || s.isBlank() ? List.of() : java.util.Arrays.stream(s.split(",")).map(String::strip)
                .filter(x -> !x.isEmpty()).toList();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static UUID uuid(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GetMapping("/perfcases/guides/prometheus")
    String guide() {
        return "perfcases/guide-prometheus";
    }

    @PostMapping("/perfcases/connections")
    String connect(@AuthenticationPrincipal CurrentUser me, @RequestParam Map<String, String> form, Model model,
                   HttpServletResponse response) {
        try {
            TelemetryAuth auth = form.getOrDefault("auth", "NONE").isBlank() ? TelemetryAuth.NONE
                    : TelemetryAuth.valueOf(form.getOrDefault("auth", "NONE"));
            MetricGrant grant = new MetricGrant(form.get("serviceLabel"), form.get("versionLabel"),
                    "TARGET_INFO".equals(form.get("versionSource")) ? VersionSource.TARGET_INFO : VersionSource.LABEL,
                    form.get("latencyMetric"), form.get("statusLabel"), form.get("cpuMetric"));
            DetectionSettings detection = new DetectionSettings(minutes(form.get("lookbackMinutes")), seconds(form.get("stepSeconds")),
                    integer(form.get("minSamples")), decimal(form.get("minEffect")), decimal(form.get("alpha")),
                    seconds(form.get("checkEverySeconds")));
            String secret = form.getOrDefault("secret", "");
            TelemetryConnection c = connections.connect(me, new NewTelemetryConnection(TelemetryKind.PROMETHEUS,
                    form.get("label"), form.get("baseUrl"), auth, form.get("username"),
                    secret.isEmpty() ? null : SecretValue.of(secret), grant, detection));
            return "redirect:/perfcases/connections/" + c.id() + "?notice=perfcases-connected";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.fieldErrors());
        } catch (IllegalArgumentException e) {
            model.addAttribute("errors", Map.of("form", "Check the numbers and choices of the form."));
        }
        response.setStatus(400);
        Map<String, String> kept = new java.util.HashMap<>(form);
        kept.remove("secret");
        kept.remove("_csrf");
        model.addAttribute("form", kept);
        model.addAttribute("connections", connections.list(me.orgId()));
        model.addAttribute("cases", cases.list(me.orgId()));
        return "perfcases/overview";
    }

    @GetMapping("/perfcases/connections/{telemetryConnectionId}")
    String connection(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id, Model model) {
        TelemetryConnection c = connections.get(me.orgId(), id);
        List<PerfcasesViews.ServiceView> services = views.services(me.orgId(), id);
        model.addAttribute("connection", c);
        model.addAttribute("services", services);
        model.addAttribute("metrics", Metric.values());
        model.addAttribute("charts", json.writeValueAsString(PerfcasesViews.charts(services)));
        return "perfcases/connection";
    }

    @PostMapping("/perfcases/connections/{telemetryConnectionId}/revoke")
    String revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id) {
        connections.revoke(me, id);
        return "redirect:/perfcases/connections/" + id + "?notice=perfcases-revoked";
    }

    @PostMapping("/perfcases/connections/{telemetryConnectionId}/detect")
    String detect(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id) {
        cases.detectNow(me, id);
        return "redirect:/perfcases/connections/" + id + "?notice=perfcases-detected";
    }

    @PostMapping("/perfcases/cases")
    String open(@AuthenticationPrincipal CurrentUser me, @RequestParam UUID connectionId, @RequestParam String service,
                @RequestParam Metric metric, @RequestParam String baselineVersion, @RequestParam String candidateVersion) {
        PerfCase c = cases.open(me, connectionId, service, metric, baselineVersion, candidateVersion);
        return "redirect:/perfcases/cases/" + c.id() + "?notice=perfcases-case-opened";
    }

    @GetMapping("/perfcases/cases/{caseId}")
    String perfCase(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id, Model model) {
        return casePage(me, id, model, Map.of(), Map.of());
    }

    /** An admin gives a server operator a support grant on the case (PRF-12); bad input comes back on the page. */
    @PostMapping("/perfcases/cases/{caseId}/support-grants")
    String grantSupport(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id,
                        @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        try {
            support.grant(me, id, form.get("operatorEmail"), SupportApiController.duration(form.get("duration")),
                    form.get("reason"));
            return "redirect:/perfcases/cases/" + id + "?notice=perfcases-support-granted";
        } catch (InvalidInputException e) {
            cases.get(me.orgId(), id);
            response.setStatus(400);
            Map<String, String> kept = new java.util.HashMap<>(form);
            kept.remove("_csrf");
            return casePage(me, id, model, kept, e.fieldErrors());
        }
    }

    private String casePage(CurrentUser me, UUID id, Model model, Map<String, String> supportForm,
                            Map<String, String> supportErrors) {
        PerfCase c = cases.get(me.orgId(), id);
        model.addAttribute("supportGrants", me.isAdmin() ? support.grants(me, id) : List.of());
        model.addAttribute("supportForm", supportForm);
        model.addAttribute("supportErrors", supportErrors);
        model.addAttribute("maxSupportHours", SupportAccess.MAX_DURATION.toHours());
        model.addAttribute("perfCase", c);
        model.addAttribute("statistics", CaseStatistics.rows(c));
        model.addAttribute("connection", connections.get(me.orgId(), c.connectionId()));
        model.addAttribute("traceConnections", connections.list(me.orgId()).stream()
                .filter(t -> t.kind().traces() && t.active()).toList());
        model.addAttribute("traces", traces.list(me.orgId(), id));
        model.addAttribute("profileConnections", connections.list(me.orgId()).stream()
                .filter(t -> t.kind().profiles() && t.active()).toList());
        List<ProfileSummary> kept = profiles.list(me.orgId(), id);
        model.addAttribute("profiles", kept);
        model.addAttribute("profileShifts", shifts(kept, c));
        model.addAttribute("logSources", logs.list(me.orgId()).stream().filter(LogSource::active).toList());
        model.addAttribute("logAggregates", logs.aggregates(me.orgId(), id));
        model.addAttribute("proposals", proposals.list(me.orgId(), id));
        model.addAttribute("agentSessions", sessions.forCase(me.orgId(), id));
        model.addAttribute("chart", json.writeValueAsString(Map.of("label", c.metric().title(),
                "baselineName", c.baselineVersion(), "candidateName", c.candidateVersion(),
                "baseline", c.evidence().getOrDefault("baseline", List.of()),
                "candidate", c.evidence().getOrDefault("candidate", List.of()))));
        return "perfcases/case";
    }

    /**
     * The frames whose share of the samples grew most from the baseline's newest summary to the candidate's (of the
     * same source when both versions have one of it), or nothing until both versions have one.
     */
    static List<ProfileSummary.FrameShift> shifts(List<ProfileSummary> kept, PerfCase c) {
        for (var source : List.of(dev.charter.perfcases.ProfileSource.PYROSCOPE, dev.charter.perfcases.ProfileSource.JFR)) {
            ProfileSummary baseline = newest(kept, c.baselineVersion(), source);
            ProfileSummary candidate = newest(kept, c.candidateVersion(), source);
            if (baseline != null && candidate != null) {
                List<ProfileSummary.FrameShift> all = ProfileSummary.compare(baseline, candidate);
                return all.subList(0, Math.min(15, all.size()));
            }
        }
        return List.of();
    }

    private static ProfileSummary newest(List<ProfileSummary> kept, String version, dev.charter.perfcases.ProfileSource source) {
        ProfileSummary out = null;
        for (ProfileSummary s : kept) {
            if (s.version().equals(version) && s.source() == source && (out == null || !s.readAt().isBefore(out.readAt()))) {
                out = s;
            }
        }
        return out;
    }

    @PostMapping("/perfcases/cases/{caseId}/profiles")
    String readProfiles(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id,
                        @RequestParam(required = false) UUID connectionId, Model model, HttpServletResponse response) {
        try {
            profiles.read(me, id, connectionId);
        } catch (InvalidInputException | ConflictException e) {
            return profileError(me, id, e, model, response);
        }
        return "redirect:/perfcases/cases/" + id + "?notice=perfcases-profiles-read#pc-profiles";
    }

    /** A JFR file of one of the case's versions, from the page's form; only its flame summary is kept. */
    @PostMapping("/perfcases/cases/{caseId}/profiles/jfr")
    String uploadProfile(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id,
                         @RequestParam(required = false) String version,
                         @RequestParam(name = "file", required = false) MultipartFile file, Model model,
                         HttpServletResponse response) throws IOException {
        try {
            profiles.upload(me, id, version, file == null ? null : file.getBytes());
        } catch (InvalidInputException | ConflictException e) {
            return profileError(me, id, e, model, response);
        }
        return "redirect:/perfcases/cases/" + id + "?notice=perfcases-profile-uploaded#pc-profiles";
    }

    /** The case's page again, with what was wrong shown in its profiles section. */
    private String profileError(CurrentUser me, UUID id, RuntimeException e, Model model, HttpServletResponse response) {
        response.setStatus(e instanceof InvalidInputException ? 400 : 409);
        model.addAttribute("profileErrors", e instanceof InvalidInputException i ? i.fieldErrors() : Map.of("source", e.getMessage()));
        return casePage(me, id, model, Map.of(), Map.of());
    }

    @PostMapping("/perfcases/cases/{caseId}/close")
    String close(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id) {
        cases.close(me, id);
        return "redirect:/perfcases/cases/" + id + "?notice=perfcases-case-closed";
    }

    private static Duration minutes(String s) {
        return s == null || s.isBlank() ? null : Duration.ofMinutes(Long.parseLong(s.strip()));
    }

    private static Duration seconds(String s) {
        return s == null || s.isBlank() ? null : Duration.ofSeconds(Long.parseLong(s.strip()));
    }

    private static Integer integer(String s) {
        return s == null || s.isBlank() ? null : Integer.parseInt(s.strip());
    }

    private static Double decimal(String s) {
        return s == null || s.isBlank() ? null : Double.parseDouble(s.strip());
    }
}
