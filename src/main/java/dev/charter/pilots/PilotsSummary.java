package dev.charter.pilots;

import dev.charter.shared.OrgId;

/** What the dashboard shows about Pilots: how many the organization has. */
public interface PilotsSummary {

    long count(OrgId org);
}
