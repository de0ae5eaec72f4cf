package dev.charter.pilots.internal;

import dev.charter.pilots.PilotsSummary;
import dev.charter.shared.OrgId;
import org.springframework.stereotype.Component;

/** Counts an organization's Pilots for the dashboard. */
@Component
class PilotsSummaryService implements PilotsSummary {

    private final PilotRepository repo;

    PilotsSummaryService(PilotRepository repo) {
        this.repo = repo;
    }

    @Override
    public long count(OrgId org) {
        return repo.list(org).size();
    }
}
