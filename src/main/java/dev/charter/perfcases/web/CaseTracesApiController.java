package dev.charter.perfcases.web;

import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.AccessProposal;
import dev.charter.perfcases.AccessProposals;
import dev.charter.perfcases.AccessScope;
import dev.charter.perfcases.CaseTraces;
import dev.charter.perfcases.SpanAggregate;
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

/** A case's span aggregates from trace connections, and the access proposals on it, as JSON. */
@RestController
@RequestMapping("/api/v1/perfcases")
@Tag(name = "Perf cases")
class CaseTracesApiController {

    record ReadTraces(UUID connectionId) {}

    record NewProposal(UUID connectionId, AccessScope scope, String subject, String justification) {}

    private final CaseTraces traces;
    private final AccessProposals proposals;

    CaseTracesApiController(CaseTraces traces, AccessProposals proposals) {
        this.traces = traces;
        this.proposals = proposals;
    }

    @GetMapping("/cases/{caseId}/traces")
    @Operation(summary = "The span aggregates last read for the case")
    List<SpanAggregate> list(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return traces.list(me.orgId(), caseId);
    }

    @PostMapping("/cases/{caseId}/traces")
    @Operation(summary = "Read the case's span aggregates from a Tempo or Jaeger connection now")
    List<SpanAggregate> read(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                             @RequestBody ReadTraces r) {
        return traces.read(me, caseId, r.connectionId());
    }

    @GetMapping("/cases/{caseId}/proposals")
    @Operation(summary = "The access proposals of a case")
    List<AccessProposal> proposals(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId) {
        return proposals.list(me.orgId(), caseId);
    }

    @PostMapping("/cases/{caseId}/proposals")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Propose access beyond a grant for the case, with a justification")
    AccessProposal propose(@AuthenticationPrincipal CurrentUser me, @PathVariable("caseId") UUID caseId,
                           @RequestBody NewProposal r) {
        return proposals.propose(me, caseId, r.connectionId(), r.scope(), r.subject(), r.justification());
    }

    @PostMapping("/proposals/{accessProposalId}/approve")
    @Operation(summary = "Approve a pending access proposal (admins)")
    AccessProposal approve(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return proposals.approve(me, id);
    }

    @PostMapping("/proposals/{accessProposalId}/deny")
    @Operation(summary = "Deny a pending access proposal (admins)")
    AccessProposal deny(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return proposals.deny(me, id);
    }

    @PostMapping("/proposals/{accessProposalId}/withdraw")
    @Operation(summary = "Withdraw an approved access (admins) or a pending proposal (admins or its proposer)")
    AccessProposal withdraw(@AuthenticationPrincipal CurrentUser me, @PathVariable("accessProposalId") UUID id) {
        return proposals.withdraw(me, id);
    }
}
