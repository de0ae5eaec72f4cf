package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.privacy.ErasureReceipts;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contact's rights, exercised by the organization as controller (CRW-8): admins export everything Crews hold about
 * a contact as JSON, correct it ({@link Contacts#correct}), and erase it across every conversation and everything
 * that rests on them in one transaction, with a signed erasure receipt.
 */
@Service
public class ContactRights {

    static final String RECEIPT_SCHEMA = "charter.contact-erasure-receipt/v1";

    private final ContactRepository contacts;
    private final CrewsExporter exporter;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ErasureReceipts receipts;
    private final Clock clock;

    ContactRights(ContactRepository contacts, CrewsExporter exporter, JdbcClient jdbc, AuditLog audit,
                  ErasureReceipts receipts, Clock clock) {
        this.contacts = contacts;
        this.exporter = exporter;
        this.jdbc = jdbc;
        this.audit = audit;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** Everything Crews hold about the contact: details, conversations and their messages. */
    public Map<String, Object> export(CurrentUser me, UUID contact) {
        contacts.find(me.orgId(), contact).orElseThrow(() -> new NotFoundException("contact"));
        me.requireAdmin();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", "charter.crews-contact/v1");
        out.put("exportedAt", clock.instant().toString());
        out.put("contact", exporter.contact(me.orgId(), contact));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.contact.exported", "contact:" + contact));
        return out;
    }

    /**
     * Erases the contact and, by cascade in this transaction, its conversations, their messages and everything that
     * rests on them. Counts before and after go into the receipt; anything left behind rolls the whole erasure back.
     */
    @Transactional
    public ObjectNode erase(CurrentUser me, UUID contact) {
        contacts.find(me.orgId(), contact).orElseThrow(() -> new NotFoundException("contact"));
        me.requireAdmin();
        Map<String, Long> removed = counts(me.orgId(), contact);
        UUID receiptId = UUID.randomUUID();
        contacts.delete(me.orgId(), contact);
        Map<String, Long> remaining = counts(me.orgId(), contact);
        remaining.forEach((c, n) -> {
            if (n != 0) {
                throw new IllegalStateException("Erasure left " + n + " rows of " + c + "; nothing was erased");
            }
        });
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.contact.erased", "erasure-receipt:" + receiptId)
                .with("rows", Long.toString(removed.values().stream().mapToLong(Long::longValue).sum())));
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("schema", RECEIPT_SCHEMA);
        receipt.put("receiptId", receiptId.toString());
        receipt.put("organizationId", me.orgId().value().toString());
        receipt.put("contactId", contact.toString());
        receipt.put("erasedAt", clock.instant().toString());
        receipt.put("removed", removed);
        receipt.put("remaining", remaining);
        receipt.put("auditReference", Map.of("action", "crews.contact.erased", "target", "erasure-receipt:" + receiptId));
        return receipts.sign(receipt);
    }

    /** Rows about the contact, per data class. */
    private Map<String, Long> counts(OrgId org, UUID contact) {
        Map<String, Long> out = new TreeMap<>();
        out.put("crews.contacts", jdbc.sql("select count(*) from crews_contact where org_id = ? and id = ?")
                .params(org.value(), contact).query(Long.class).single());
        out.put("crews.conversations", jdbc.sql("select count(*) from crews_conversation where org_id = ? and contact_id = ?")
                .params(org.value(), contact).query(Long.class).single());
        out.put("crews.messages", jdbc.sql("""
                select count(*) from crews_message m join crews_conversation c on c.org_id = m.org_id and c.id = m.conversation_id
                where m.org_id = ? and c.contact_id = ?""").params(org.value(), contact).query(Long.class).single());
        out.put("crews.results", jdbc.sql("""
                select count(*) from crews_result r join crews_conversation c on c.org_id = r.org_id and c.id = r.conversation_id
                where r.org_id = ? and c.contact_id = ?""").params(org.value(), contact).query(Long.class).single());
        out.put("crews.reviews", jdbc.sql("""
                select count(*) from crews_review r join crews_conversation c on c.org_id = r.org_id and c.id = r.conversation_id
                where r.org_id = ? and c.contact_id = ?""").params(org.value(), contact).query(Long.class).single());
        return out;
    }
}
