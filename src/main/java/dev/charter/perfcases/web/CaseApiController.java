package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.Metric;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.PerfCases;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Perf cases as JSON: list, read, open by hand, close; run a detection pass now. */
@RestController
@RequestMapping("/api/v1/perfcases")
@Tag(name = "Perf cases")
class CaseApiController {

    record NewCase(UUID connectionId, String service, Metric metric, String baselineVersion, String candidateVersion) {}

    record Detected(int opened) {}

    private final PerfCases cases;

    CaseApiController(PerfCases cases) {
        this.cases = cases;
    }

    @GetMapping("/cases")
    @Operation(summary = "The organization's cases, newest first")
    List<PerfCase> list(@AuthenticationPrincipal CurrentUser me) {
        return cases.list(me.orgId());
    }

    @GetMapping("/cases/{caseId}")
    @Operation(summary = "One case with its evidence")
    PerfCase get(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id) {
        return cases.get(me.orgId(), id);
    }

    @PostMapping("/cases")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open a case by hand for two versions of a service")
    PerfCase open(@AuthenticationPrincipal CurrentUser me, @RequestBody NewCase r) {
        return cases.open(me, r.connectionId(), r.service(), r.metric(), r.baselineVersion(), r.candidateVersion());
    }

    @PostMapping("/cases/{caseId}/close")
    @Operation(summary = "Close a case")
    PerfCase close(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID id) {
        return cases.close(me, id);
    }

    @PostMapping("/connections/{telemetryConnectionId}/detect")
    @Operation(summary = "Run a detection pass over one connection now (admins)")
    Detected detect(@AuthenticationPrincipal CurrentUser me, @PathVariable("telemetryConnectionId") UUID id) {
        return new Detected(cases.detectNow(me, id));
    }
}
