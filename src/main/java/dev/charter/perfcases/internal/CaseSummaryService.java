package dev.charter.perfcases.internal;

import dev.charter.ai.AiFailedException;
import dev.charter.ai.AiGateway;
import dev.charter.ai.AiRequest;
import dev.charter.ai.AiResult;
import dev.charter.ai.AiTask;
import dev.charter.identity.CurrentUser;
import dev.charter.perfcases.CaseSummaries;
import dev.charter.perfcases.LogAggregate;
import dev.charter.perfcases.PerfCase;
import dev.charter.perfcases.ProfileSummary;
import dev.charter.shared.NotFoundException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Summarizes a case from its {@link CaseModelContext} and nothing else (PRF-11). */
@Service
class CaseSummaryService implements CaseSummaries {

    static final String PURPOSE = "perfcases.case-summary";
    static final String INSTRUCTION = "Summarize this performance case for the engineers of the service in three sentences: "
            + "which metric got worse between the two versions, by how much, and what the log aggregates suggest to look at.";

    private final CaseRepository cases;
    private final LogSourceRepository logs;
    private final FlameSummaryRepository profiles;
    private final AiGateway ai;
    private final JsonMapper json;

    CaseSummaryService(CaseRepository cases, LogSourceRepository logs, FlameSummaryRepository profiles, AiGateway ai,
                       JsonMapper json) {
        this.profiles = profiles;
        this.cases = cases;
        this.logs = logs;
        this.ai = ai;
        this.json = json;
    }

    @Override
    public Summary summarize(CurrentUser me, UUID caseId) {
        PerfCase c = cases.find(me.orgId(), caseId).orElseThrow(() -> new NotFoundException("Case"));
        CaseModelContext.Builder context = CaseModelContext.of(c);
        for (LogAggregate a : logs.aggregates(me.orgId(), caseId)) {
            context.add(a);
        }
        for (ProfileSummary p : profiles.list(me.orgId(), caseId)) {
            context.add(p);
        }
        AiRequest request = new AiRequest(me.orgId(), me.userId(), PURPOSE, INSTRUCTION, context.build(json).data(),
                AiTask.SUMMARIZE, 400, null);
        AiResult result;
        try {
            result = ai.complete(request);
        } catch (AiFailedException e) {
            result = ai.completeLocally(request);
        }
        return new Summary(caseId, result.text(), result.provider().name());
    }
}
