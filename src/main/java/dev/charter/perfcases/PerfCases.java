package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/** Cases and the detection that opens them (PRF-8). */
public interface PerfCases {

    List<PerfCase> list(OrgId org);

    /** The case, or {@link dev.charter.shared.NotFoundException}. */
    PerfCase get(OrgId org, UUID id);

    /**
     * Opens a case by hand for two versions of a service: the comparison is read for it (its queries audited under
     * the case) and kept as its evidence, whatever the verdict.
     */
    PerfCase open(CurrentUser me, UUID connectionId, String service, Metric metric, String baselineVersion,
                  String candidateVersion);

    /** Closes an open case. */
    PerfCase close(CurrentUser me, UUID id);

    /** Runs a detection pass over one connection now, for a person (admins); answers how many cases it opened. */
    int detectNow(CurrentUser me, UUID connectionId);
}
