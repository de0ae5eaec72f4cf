package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Agent sessions on cases (PRF-5, PRF-6, PRF-7, PRF-13). */
public interface AgentSessions {

    /** Queues a session on the case (admins); it runs on the durable queue, one sandbox for its whole length. */
    AgentSession start(CurrentUser me, UUID caseId, StartSession start);

    /** The session, or {@link dev.charter.shared.NotFoundException}. */
    AgentSession get(OrgId org, UUID id);

    /** The case's sessions, newest first. */
    List<AgentSession> forCase(OrgId org, UUID caseId);

    /** The session's log lines after {@code after} (0 for all), at most {@code limit}. */
    List<LogLine> log(OrgId org, UUID id, int after, int limit);

    /** One line of a session's log. */
    record LogLine(int seq, Instant at, String line) {}
}
