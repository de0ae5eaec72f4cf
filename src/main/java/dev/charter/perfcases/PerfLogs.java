package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/**
 * Log sources (PRF-3): each one a grant, read through aggregate queries only, every query audited before it is sent
 * (AUD-5). In strict mode an organization grants no log access at all: nothing can be connected or read.
 */
public interface PerfLogs {

    /**
     * What to read for a case. For SQL: {@code view}, up to three {@code groupBy} columns of the grant and a
     * {@code measure}: {@code COUNT}, {@code PERCENTILES} or {@code DISTRIBUTION} of a granted numeric {@code column}
     * (with {@code buckets}, ascending bounds). For LOKI: {@code logql}, a metric query.
     */
    record Read(UUID sourceId, String view, List<String> groupBy, String measure, String column, List<Double> buckets,
                String logql) {}

    List<LogSource> list(OrgId org);

    LogSource connect(CurrentUser me, NewLogSource source);

    LogSource revoke(CurrentUser me, UUID id);

    boolean strict(OrgId org);

    /** Switches strict mode (admins); recorded in the audit log. */
    boolean setStrict(CurrentUser me, boolean strict);

    /** Reads one aggregate for a case and keeps it with the case. */
    LogAggregate read(CurrentUser me, UUID caseId, Read read);

    List<LogAggregate> aggregates(OrgId org, UUID caseId);
}
