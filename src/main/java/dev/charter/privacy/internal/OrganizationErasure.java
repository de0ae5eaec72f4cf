package dev.charter.privacy.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.IdentityRecords;
import dev.charter.privacy.DataClass;
import dev.charter.privacy.DataContract;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erases a whole organization on its owner's request (DSR-5) and hands back a signed receipt: rows
 * removed per data class, rows remaining per data class (all zero, checked in the same transaction,
 * which rolls back otherwise), and the audit reference. Anyone can verify the receipt's Ed25519
 * signature with the published key.
 */
@Service
public class OrganizationErasure {

    static final String SCHEMA = "charter.erasure-receipt/v1";

    /** The outcome of checking a receipt. */
    public record Verification(boolean valid, String keyId, String reason) {}

    private final DataContract contract;
    private final IdentityRecords identity;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ReceiptKey key;
    private final JsonMapper json;
    private final CanonicalJson canonical;
    private final Clock clock;

    OrganizationErasure(DataContract contract, IdentityRecords identity, JdbcClient jdbc, AuditLog audit, ReceiptKey key,
                        JsonMapper json, Clock clock) {
        this.contract = contract;
        this.identity = identity;
        this.jdbc = jdbc;
        this.audit = audit;
        this.key = key;
        this.json = json;
        this.canonical = new CanonicalJson(json);
        this.clock = clock;
    }

    /** Erases the caller's organization; {@code confirmation} must be its name. Returns the signed receipt. */
    @Transactional
    public ObjectNode erase(CurrentUser owner, String confirmation) {
        owner.requireOwner();
        return erase(owner.orgId(), owner.userId().value(), confirmation, () -> identity.deleteOrganization(owner));
    }

    /**
     * Erases an organization for the server's operator (the admin command line): the same deletion, check and
     * receipt, with no actor in the audit record. {@code confirmation} must be the organization's name.
     */
    @Transactional
    public ObjectNode eraseAsOperator(OrgId org, String confirmation) {
        return erase(org, null, confirmation, () -> identity.deleteOrganizationAsOperator(org));
    }

    private ObjectNode erase(OrgId org, UUID actor, String confirmation, IntSupplier deletion) {
        Map<String, Object> data = identity.organizationData(org);
        @SuppressWarnings("unchecked")
        String name = String.valueOf(((Map<String, Object>) data.get("organization")).get("name"));
        if (confirmation == null || !confirmation.strip().equalsIgnoreCase(name.strip())) {
            throw new InvalidInputException("confirmation", "Type the organization's name to confirm.");
        }
        @SuppressWarnings("unchecked")
        UUID[] members = ((List<Map<String, Object>>) data.get("members")).stream()
                .map(m -> UUID.fromString(String.valueOf(m.get("id")))).toArray(UUID[]::new);

        Map<String, Long> removed = counts(org, members);
        UUID receiptId = UUID.randomUUID();
        Instant at = clock.instant();
        AuditEvent event = AuditEvent.of(org, actor, "privacy.organization.erased", "erasure-receipt:" + receiptId)
                .with("accounts", Integer.toString(members.length))
                .with("rows", Long.toString(removed.values().stream().mapToLong(Long::longValue).sum()));
        audit.record(actor == null ? event.with("by", "operator") : event);
        int accounts = deletion.getAsInt();
        Map<String, Long> remaining = counts(org, members);
        remaining.forEach((c, n) -> {
            if (n != 0) {
                throw new IllegalStateException("Erasure left " + n + " rows of " + c + "; nothing was deleted");
            }
        });

        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("schema", SCHEMA);
        receipt.put("receiptId", receiptId.toString());
        receipt.put("organizationId", org.toString());
        receipt.put("erasedAt", at.toString());
        receipt.put("accountsDeleted", accounts);
        receipt.put("removed", removed);
        receipt.put("remaining", remaining);
        receipt.put("auditReference", Map.of("action", "privacy.organization.erased", "target", "erasure-receipt:" + receiptId));
        ObjectNode node = json.valueToTree(receipt);
        ObjectNode signature = json.createObjectNode();
        signature.put("algorithm", ReceiptKey.ALGORITHM);
        signature.put("keyId", key.keyId());
        signature.put("value", key.sign(canonical.of(node)));
        node.set("signature", signature);
        return node;
    }

    /** Checks a receipt's signature against this server's key. */
    public Verification verify(JsonNode receipt) {
        if (receipt == null || !receipt.isObject()) {
            return new Verification(false, null, "The receipt must be a JSON object.");
        }
        JsonNode sig = receipt.get("signature");
        if (sig == null || !sig.isObject() || !text(sig, "algorithm").equals(ReceiptKey.ALGORITHM)) {
            return new Verification(false, null, "The receipt has no Ed25519 signature.");
        }
        String keyId = text(sig, "keyId");
        if (!key.keyId().equals(keyId)) {
            return new Verification(false, keyId, "The receipt was signed with another key than this server's.");
        }
        ObjectNode body = ((ObjectNode) receipt).deepCopy();
        body.remove("signature");
        try {
            boolean ok = key.verify(canonical.of(body), text(sig, "value"));
            return new Verification(ok, keyId, ok ? "The signature is valid: this server issued this receipt unchanged."
                    : "The signature does not match: the receipt was changed or not issued by this server.");
        } catch (IllegalArgumentException e) {
            return new Verification(false, keyId, e.getMessage());
        }
    }

    public Map<String, String> publicKey() {
        return Map.of("algorithm", ReceiptKey.ALGORITHM, "keyId", key.keyId(), "publicKey", key.publicKeyBase64(),
                "encoding", "base64 of the raw 32-byte key; the signature covers the receipt without its 'signature' "
                        + "member, members sorted by name, no whitespace (RFC 8785), UTF-8");
    }

    /** Rows of every erasable data class that belong to the organization or one of its members. */
    private Map<String, Long> counts(OrgId org, UUID[] members) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (DataClass c : contract.dataClasses()) {
            if (!c.erased()) {
                continue;
            }
            if (c.orgColumn() != null) {
                out.put(c.name(), jdbc.sql("select count(*) from \"" + c.table() + "\" where \"" + c.orgColumn() + "\" = ?")
                        .param(org.value()).query(Long.class).single());
            } else if (c.personColumn() != null) {
                out.put(c.name(), jdbc.sql("select count(*) from \"" + c.table() + "\" where \"" + c.personColumn() + "\" = any(?)")
                        .param(members).query(Long.class).single());
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isString() ? "" : v.stringValue();
    }
}
