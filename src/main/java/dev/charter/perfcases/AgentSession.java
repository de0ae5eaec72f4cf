package dev.charter.perfcases;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One agent session on a case: it clones the case's repository in a sandbox, benchmarks the two versions, bisects to
 * the first slow commit, and, when reverting it restores the speed and the tests pass, pushes the case branch and
 * opens a draft pull request. The merge is always the organization's.
 *
 * @param repository "owner/name"
 * @param status     QUEUED, RUNNING, FINISHED or FAILED
 * @param outcome    once FINISHED: PULL_REQUEST, NO_CHANGE (the difference is inside the noise, a normal outcome) or
 *                   CULPRIT_ONLY (the culprit was found, no fix passed the tests and beat the noise)
 * @param step       what it does now, or did last
 * @param result     the settings used and each comparison's statistics
 */
public record AgentSession(UUID id, UUID caseId, UUID codeHostId, String repository, String goodRef, String badRef,
                           String status, String outcome, String step, String culprit, Map<String, Object> result,
                           Integer pullNumber, String pullUrl, String error, Instant createdAt, Instant startedAt,
                           Instant endedAt) {

    public boolean finished() {
        return "FINISHED".equals(status) || "FAILED".equals(status);
    }
}
