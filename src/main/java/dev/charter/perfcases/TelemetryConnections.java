package dev.charter.perfcases;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.UUID;

/**
 * Telemetry connections, each its own grant (PRF-9). Nothing is connected until an admin connects a source;
 * revoking deletes the credential and stops every query through the connection in the same transaction.
 */
public interface TelemetryConnections {

    List<TelemetryConnection> list(OrgId org);

    /** The connection, or {@link dev.charter.shared.NotFoundException} (also for another organization's). */
    TelemetryConnection get(OrgId org, UUID id);

    /** Admins only; checks every field first and stores nothing when one is wrong. */
    TelemetryConnection connect(CurrentUser me, NewTelemetryConnection request);

    /** Admins only: deletes the credential, marks the connection revoked; no query goes out through it after this. */
    TelemetryConnection revoke(CurrentUser me, UUID id);
}
