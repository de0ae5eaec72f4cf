package dev.charter.privacy.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.IdentityRecords;
import dev.charter.privacy.OperatorRights;
import dev.charter.privacy.PersonalDataExporter;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link OperatorRights}: the erasure through {@link OrganizationErasure}, the export through every exporter. */
@Service
class OperatorRightsService implements OperatorRights {

    private final OrganizationErasure erasure;
    private final IdentityRecords identity;
    private final List<PersonalDataExporter> exporters;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    OperatorRightsService(OrganizationErasure erasure, IdentityRecords identity, List<PersonalDataExporter> exporters,
                          AuditLog audit, JsonMapper json, Clock clock) {
        this.erasure = erasure;
        this.identity = identity;
        this.exporters = exporters.stream().sorted(Comparator.comparing(PersonalDataExporter::section)).toList();
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Optional<OrganizationSummary> describe(OrgId org) {
        try {
            Map<String, Object> data = identity.organizationData(org);
            return Optional.of(new OrganizationSummary(org, String.valueOf(organization(data).get("name")), members(data).size()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public JsonNode eraseOrganization(OrgId org, String confirmation) {
        return erasure.eraseAsOperator(org, confirmation);
    }

    @Override
    public int exportOrganization(OrgId org, OutputStream out, Consumer<String> progress) {
        Map<String, Object> data = identity.organizationData(org);
        List<UserId> members = members(data).stream().map(m -> new UserId(UUID.fromString(String.valueOf(m.get("id"))))).toList();
        audit.record(AuditEvent.of(org, null, "privacy.organization.exported", "organization")
                .with("by", "operator").with("accounts", Integer.toString(members.size())));
        Map<String, Object> sections = new LinkedHashMap<>();
        for (PersonalDataExporter e : exporters) {
            progress.accept("section " + e.section());
            Map<String, Object> section = new LinkedHashMap<>();
            Object organization = e.exportOrganization(org);
            if (organization != null) {
                section.put("organization", organization);
            }
            Map<String, Object> people = new LinkedHashMap<>();
            for (UserId member : members) {
                people.put(member.toString(), e.exportPerson(org, member));
            }
            section.put("members", people);
            sections.put(e.section(), section);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", ExportRunner.SCHEMA);
        doc.put("generatedAt", clock.instant().toString());
        doc.put("subject", Map.of("organizationId", org.toString()));
        doc.put("includesOrganization", true);
        doc.put("requestedBy", "operator");
        doc.put("sections", sections);
        json.writerWithDefaultPrettyPrinter().writeValue(out, doc);
        return members.size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> organization(Map<String, Object> data) {
        return (Map<String, Object>) data.get("organization");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> members(Map<String, Object> data) {
        return (List<Map<String, Object>>) data.get("members");
    }
}
