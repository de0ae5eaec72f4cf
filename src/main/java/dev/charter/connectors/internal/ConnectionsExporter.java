package dev.charter.connectors.internal;

import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The connections' export section (DSR-1): every grant to an external service as the pages show it, with the
 * id of its credential in the vault but never the credential. A person's part holds the connections they
 * created; an owner's organization part holds all of them.
 */
@Component
class ConnectionsExporter implements PersonalDataExporter {

    private final ConnectionRepository connections;

    ConnectionsExporter(ConnectionRepository connections) {
        this.connections = connections;
    }

    @Override
    public String section() {
        return "connectors";
    }

    @Override
    public Set<String> dataClasses() {
        return Set.of("connectors.connections");
    }

    @Override
    public Object exportPerson(OrgId org, UserId person) {
        return Map.of("connectionsCreated", connections.list(org).stream()
                .filter(r -> person.value().equals(r.createdBy())).map(ConnectionsExporter::row).toList());
    }

    @Override
    public Object exportOrganization(OrgId org) {
        return Map.of("connections", connections.list(org).stream().map(ConnectionsExporter::row).toList());
    }

    private static Map<String, Object> row(ConnectionRepository.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().value().toString());
        m.put("kind", r.kind().name());
        m.put("label", r.label());
        m.put("baseUrl", r.baseUrl().toString());
        m.put("authScheme", r.authScheme().name());
        m.put("headerName", r.headerName());
        m.put("verifyPath", r.verifyPath());
        m.put("scopes", List.copyOf(r.scopes()));
        m.put("status", r.status().name());
        m.put("statusDetail", r.statusDetail());
        m.put("credentialId", r.credential() == null ? null : r.credential().credentialId().toString());
        m.put("smtpSecurity", r.smtpSecurity() == null ? null : r.smtpSecurity().name());
        m.put("mailFrom", r.mailFrom());
        m.put("imapSecurity", r.imapSecurity() == null ? null : r.imapSecurity().name());
        m.put("createdBy", r.createdBy() == null ? null : r.createdBy().toString());
        m.put("createdAt", text(r.createdAt()));
        m.put("verifiedAt", text(r.verifiedAt()));
        m.put("revokedAt", text(r.revokedAt()));
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
