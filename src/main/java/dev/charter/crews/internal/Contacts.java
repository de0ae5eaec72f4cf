package dev.charter.crews.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.ConflictException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The organization's contacts: one per email address across every channel. */
@Service
public class Contacts {

    public record Contact(UUID id, String name, String email, String phone, String company, Map<String, String> fields,
                          Instant createdAt, Instant updatedAt) {}

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

    private final ContactRepository repo;
    private final AuditLog audit;
    private final JsonMapper json;

    Contacts(ContactRepository repo, AuditLog audit, JsonMapper json) {
        this.repo = repo;
        this.audit = audit;
        this.json = json;
    }

    /**
     * The contact a message comes from. With an email, the organization's contact of that email (created when new;
     * an anonymous {@code current} contact takes the email when nobody has it yet); without one, {@code current}
     * with what was given merged in, or a new anonymous contact.
     */
    UUID resolve(OrgId org, UUID current, ContactInput in) {
        String fields = json.writeValueAsString(in.fields());
        if (in.email() != null) {
            var byEmail = repo.findByEmail(org, in.email());
            if (byEmail.isPresent()) {
                repo.merge(org, byEmail.get().id(), in.name(), null, in.phone(), in.company(), fields);
                return byEmail.get().id();
            }
            if (current != null && repo.find(org, current).map(c -> c.email() == null).orElse(false)) {
                repo.merge(org, current, in.name(), in.email(), in.phone(), in.company(), fields);
                return current;
            }
            return repo.upsertByEmail(org, in.email(), in.name(), in.phone(), in.company(), fields);
        }
        if (current != null) {
            repo.merge(org, current, in.name(), null, in.phone(), in.company(), fields);
            return current;
        }
        return repo.insertAnonymous(org, in.name(), in.phone(), in.company(), fields);
    }

    void dropIfOrphan(OrgId org, UUID contact) {
        repo.deleteIfUnused(org, contact);
    }

    public Contact find(OrgId org, UUID id) {
        return repo.find(org, id).map(this::contact).orElseThrow(() -> new NotFoundException("contact"));
    }

    public List<Contact> list(CurrentUser me, String search, int limit) {
        return repo.list(me.orgId(), search, Math.max(1, Math.min(limit, 500))).stream().map(this::contact).toList();
    }

    /** An admin corrects what is held about a contact (CRW-8): the values given replace the old ones entirely. */
    @Transactional
    public Contact correct(CurrentUser me, UUID id, ContactInput in) {
        find(me.orgId(), id);
        me.requireAdmin();
        ContactInput v = (in == null ? ContactInput.none() : in).validated("");
        try {
            repo.update(me.orgId(), id, v.name(), v.email(), v.phone(), v.company(), json.writeValueAsString(v.fields()));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("Another contact of the organization has this email address.");
        }
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "crews.contact.corrected", "contact:" + id));
        return find(me.orgId(), id);
    }

    private Contact contact(ContactRepository.ContactRow r) {
        return new Contact(r.id(), r.name(), r.email(), r.phone(), r.company(), json.readValue(r.fields(), FIELDS),
                r.createdAt(), r.updatedAt());
    }
}
