package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/**
 * Trace aggregates for a case (PRF-2): the spans of the case's service in its two versions, read from a trace
 * connection (Tempo or Jaeger) as counts, error rates and duration percentiles per span name. Only span names,
 * durations, status and the service labels are read, and the attribute keys approved for the case.
 */
public interface CaseTraces {

    /** Reads the case's span aggregates from a trace connection now (every query audited first) and keeps them. */
    List<SpanAggregate> read(CurrentUser me, UUID caseId, UUID connectionId);

    /** The span aggregates last read for the case. */
    List<SpanAggregate> list(OrgId org, UUID caseId);
}
