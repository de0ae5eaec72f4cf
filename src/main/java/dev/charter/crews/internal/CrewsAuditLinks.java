package dev.charter.crews.internal;

import dev.charter.audit.AuditObjectLinks;
import dev.charter.shared.OrgId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Links the audit log's {@code crew:}, {@code conversation:} and {@code contact:} objects to their pages, for the organization's own only. */
@Component
class CrewsAuditLinks implements AuditObjectLinks {

    private final CrewRepository crews;
    private final ConversationRepository conversations;
    private final ContactRepository contacts;
    private final KnowledgeRepository documents;

    CrewsAuditLinks(CrewRepository crews, ConversationRepository conversations, ContactRepository contacts,
                    KnowledgeRepository documents) {
        this.documents = documents;
        this.crews = crews;
        this.conversations = conversations;
        this.contacts = contacts;
    }

    @Override
    public Map<String, String> links(OrgId org, Collection<String> targets) {
        Map<String, String> out = new HashMap<>();
        var crewIds = ids(targets, "crew");
        var conversationIds = ids(targets, "conversation");
        var contactIds = ids(targets, "contact");
        if (!crewIds.isEmpty()) {
            crews.owned(org, crewIds).forEach(id -> out.put("crew:" + id, "/crews/" + id));
        }
        if (!conversationIds.isEmpty()) {
            conversations.owned(org, conversationIds).forEach(id -> out.put("conversation:" + id, "/crews/conversations/" + id));
        }
        if (!contactIds.isEmpty()) {
            contacts.owned(org, contactIds).forEach(id -> out.put("contact:" + id, "/crews/contacts/" + id));
        }
        var documentIds = ids(targets, "document");
        if (!documentIds.isEmpty()) {
            documents.owned(org, documentIds).forEach(id -> out.put("document:" + id, "/crews/knowledge/" + id));
        }
        return out;
    }

    private static java.util.List<java.util.UUID> ids(Collection<String> targets, String kind) {
        return targets.stream().map(t -> AuditObjectLinks.idOf(t, kind)).filter(Objects::nonNull).distinct().toList();
    }
}
