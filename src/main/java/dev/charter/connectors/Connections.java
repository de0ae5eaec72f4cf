package dev.charter.connectors;

import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;
import java.util.Optional;

/**
 * The connections façade. Every method takes the caller or the organization; another organization's
 * connection is "not found". Admins create, verify and revoke; members read.
 */
public interface Connections {

    List<Connection> list(OrgId org);

    /**
     * The organization's connections with exactly this label (labels are not unique: a revoked one may share its
     * label with the connection that replaced it), oldest first; one lookup, for a step that names its connection
     * on every run.
     */
    List<Connection> named(OrgId org, String label);

    /** The connection, if it exists for this organization. */
    Optional<Connection> find(OrgId org, ConnectionId id);

    /** The connection, or {@link dev.charter.shared.NotFoundException}. */
    Connection get(OrgId org, ConnectionId id);

    /**
     * Saves a connection: its parameters are checked first (URL syntax, https, header name, credential present);
     * with {@code verify}, a live call through the egress gateway must then succeed, or nothing stays saved and
     * {@link dev.charter.shared.InvalidInputException} says why (field {@code verify}).
     */
    Connection create(CurrentUser me, NewConnection request, boolean verify);

    /** Checks a saved connection live and records the outcome in its status. */
    Connection verify(CurrentUser me, ConnectionId id);

    /**
     * Revokes an active connection: its credential and ciphertext are deleted in this transaction and it can no
     * longer be used; the connection stays listed as revoked. Revoking a revoked connection removes it.
     *
     * @return the connection as it is now, or empty if it was removed
     */
    Optional<Connection> revoke(CurrentUser me, ConnectionId id);
}
