package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.CaseSummaries;
import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.LogGrant;
import dev.charter.perfcases.LogSource;
import dev.charter.perfcases.LogSourceKind;
import dev.charter.perfcases.NewLogSource;
import dev.charter.perfcases.PerfLogs;
import dev.charter.perfcases.TelemetryAuth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Log sources as JSON (PRF-3): aggregate reads for a case, strict mode, and a case's summary by a model (PRF-11). */
@RestController
@RequestMapping("/api/v1/perfcases")
@Tag(name = "Perf cases")
class LogApiController {

    /** A log source as shown: what it reads, never its credential or a reference to it. */
    record View(UUID id, LogSourceKind kind, String label, String address, TelemetryAuth auth, boolean active,
                LogGrant grant, Instant createdAt, Instant revokedAt) {
        static View of(LogSource s) {
            return new View(s.id(), s.kind(), s.label(), s.address(), s.auth(), s.active(), s.grant(), s.createdAt(),
                    s.revokedAt());
        }
    }

    record Strict(Boolean strict) {}

    private final PerfLogs logs;
    private final CaseSummaries summaries;

    LogApiController(PerfLogs logs, CaseSummaries summaries) {
        this.logs = logs;
        this.summaries = summaries;
    }

    @GetMapping("/log-sources")
    @Operation(summary = "The organization's log sources; none until an admin connects one")
    List<View> list(@AuthenticationPrincipal CurrentUser me) {
        return logs.list(me.orgId()).stream().map(View::of).toList();
    }

    @PostMapping("/log-sources")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Connect a log source, read through aggregate queries only (admins)")
    View connect(@AuthenticationPrincipal CurrentUser me, @RequestBody NewLogSource request) {
        return View.of(logs.connect(me, request));
    }

    @PostMapping("/log-sources/{logSourceId}/revoke")
    @Operation(summary = "Revoke a log source: its credential is deleted and nothing is read through it any more (admins)")
    View revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable("logSourceId") UUID id) {
        return View.of(logs.revoke(me, id));
    }

    @GetMapping("/log-settings")
    @Operation(summary = "Whether strict mode, which grants no log access at all, is on")
    Strict strict(@AuthenticationPrincipal CurrentUser me) {
        return new Strict(logs.strict(me.orgId()));
    }

    @PutMapping("/log-settings")
    @Operation(summary = "Switch strict mode (admins); switching it on revokes every log source at once")
    Strict setStrict(@AuthenticationPrincipal CurrentUser me, @RequestBody Strict request) {
        if (request == null || request.strict() == null) {
            throw new dev.charter.shared.InvalidInputException(java.util.Map.of("strict", "Say true or false."));
        }
        return new Strict(logs.setStrict(me, request.strict()));
    }

    @PostMapping("/cases/{caseId}/log-aggregates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Read an aggregate from a log source for a case: counts, percentiles or a distribution")
    LogAggregate read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                      @RequestBody PerfLogs.Read request) {
        return logs.read(me, caseId, request);
    }

    @GetMapping("/cases/{caseId}/log-aggregates")
    @Operation(summary = "The log aggregates read for a case")
    List<LogAggregate> aggregates(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return logs.aggregates(me.orgId(), caseId);
    }

    @PostMapping("/cases/{caseId}/summary")
    @Operation(summary = "A model's summary of the case, from its statistics and log aggregates only")
    CaseSummaries.Summary summary(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return summaries.summarize(me, caseId);
    }
}
