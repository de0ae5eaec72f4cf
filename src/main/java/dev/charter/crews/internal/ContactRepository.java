package dev.charter.crews.internal;

import dev.charter.shared.OrgId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of crews_contact, scoped by organization. One contact per email address within an organization. */
@Repository
class ContactRepository {

    record ContactRow(UUID id, UUID orgId, String name, String email, String phone, String company, String fields,
                      Instant createdAt, Instant updatedAt) {}

    private static final String COLUMNS = "id, org_id, name, email, phone, company, fields::text as fields, created_at, updated_at";

    private final JdbcClient jdbc;

    ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ContactRow> find(OrgId org, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from crews_contact where org_id = ? and id = ?").params(org.value(), id)
                .query(ContactRow.class).optional();
    }

    Optional<ContactRow> findByEmail(OrgId org, String email) {
        return jdbc.sql("select " + COLUMNS + " from crews_contact where org_id = ? and lower(email) = lower(?)")
                .params(org.value(), email).query(ContactRow.class).optional();
    }

    /**
     * The contact with this email, created when there is none; a concurrent creation of the same email is
     * resolved by the unique index, so both callers end up with one contact.
     */
    UUID upsertByEmail(OrgId org, String email, String name, String phone, String company, String fields) {
        return jdbc.sql("""
                insert into crews_contact (id, org_id, email, name, phone, company, fields) values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
                on conflict (org_id, lower(email)) where email is not null do update set
                    name = coalesce(excluded.name, crews_contact.name), phone = coalesce(excluded.phone, crews_contact.phone),
                    company = coalesce(excluded.company, crews_contact.company),
                    fields = crews_contact.fields || excluded.fields, updated_at = now()
                returning id""")
                .params(UUID.randomUUID(), org.value(), email, name, phone, company, fields).query(UUID.class).single();
    }

    UUID insertAnonymous(OrgId org, String name, String phone, String company, String fields) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into crews_contact (id, org_id, name, phone, company, fields) values (?, ?, ?, ?, ?, cast(? as jsonb))")
                .params(id, org.value(), name, phone, company, fields).update();
        return id;
    }

    int update(OrgId org, UUID id, String name, String email, String phone, String company, String fields) {
        return jdbc.sql("""
                update crews_contact set name = ?, email = ?, phone = ?, company = ?, fields = cast(? as jsonb), updated_at = now()
                where org_id = ? and id = ?""")
                .params(name, email, phone, company, fields, org.value(), id).update();
    }

    /** Merges what is given into the contact: a given value replaces, a missing one keeps what was known. */
    int merge(OrgId org, UUID id, String name, String email, String phone, String company, String fields) {
        return jdbc.sql("""
                update crews_contact set name = coalesce(?, name), email = coalesce(?, email), phone = coalesce(?, phone),
                    company = coalesce(?, company), fields = fields || cast(? as jsonb), updated_at = now()
                where org_id = ? and id = ?""")
                .params(name, email, phone, company, fields, org.value(), id).update();
    }

    /** Removes the contact when no conversation refers to it any more (an anonymous visitor merged into a known one). */
    int deleteIfUnused(OrgId org, UUID id) {
        return jdbc.sql("""
                delete from crews_contact k where k.org_id = ? and k.id = ?
                  and not exists (select 1 from crews_conversation c where c.org_id = k.org_id and c.contact_id = k.id)""")
                .params(org.value(), id).update();
    }

    int delete(OrgId org, UUID id) {
        return jdbc.sql("delete from crews_contact where org_id = ? and id = ?").params(org.value(), id).update();
    }

    List<ContactRow> list(OrgId org, String search, int limit) {
        String q = search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("select " + COLUMNS + " from crews_contact where org_id = ? and (cast(? as text) is null"
                        + " or lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '')) like ?)"
                        + " order by updated_at desc, id limit ?")
                .params(org.value(), q, q, limit).query(ContactRow.class).list();
    }

}
