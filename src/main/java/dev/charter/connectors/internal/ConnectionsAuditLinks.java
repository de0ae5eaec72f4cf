package dev.charter.connectors.internal;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.connectors.ConnectionId;
import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Links the audit log's {@code connection:} objects to their row on the connections page, for the organization's own only. */
@Component
class ConnectionsAuditLinks implements AuditObjectLinks {

    private final ConnectionRepository connections;

    ConnectionsAuditLinks(ConnectionRepository connections) {
        this.connections = connections;
    }

    @Override
    public Map<String, String> links(OrgId org, Collection<String> targets) {
        Map<String, String> out = new HashMap<>();
        targets.stream().map(t -> AuditObjectLinks.idOf(t, "connection")).filter(Objects::nonNull).distinct()
                .filter(id -> connections.find(org, new ConnectionId(id)).isPresent())
                .forEach(id -> out.put("connection:" + id, "/connections#connection-" + id));
        return out;
    }
}
