package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.AccountDeleted;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.IdentityRecords;
import dev.charter.identity.OrganizationDeleted;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Identity's answers for exports and the deletion of a whole organization. */
@Service
class IdentityRecordsService implements IdentityRecords {

    private final JdbcClient jdbc;
    private final IdentityRepository repo;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    IdentityRecordsService(JdbcClient jdbc, IdentityRepository repo, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.repo = repo;
        this.audit = audit;
        this.events = events;
    }

    @Override
    public Map<String, Object> personalData(OrgId org, UserId person) {
        List<Map<String, Object>> account = rows(jdbc.sql("""
                select u.id, u.email, u.display_name as "displayName", u.phone, u.company,
                       u.created_at as "createdAt", u.updated_at as "updatedAt"
                from identity_user u join identity_membership m on m.user_id = u.id
                where m.org_id = ? and u.id = ?""")
                .params(org.value(), person.value()).query().listOfRows());
        if (account.isEmpty()) {
            throw new NotFoundException("Account");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account.get(0));
        out.put("membership", rows(jdbc.sql("""
                select m.org_id as "organizationId", o.name as organization, m.role, m.created_at as "joinedAt"
                from identity_membership m join identity_organization o on o.id = m.org_id
                where m.org_id = ? and m.user_id = ?""").params(org.value(), person.value()).query().listOfRows()).get(0));
        out.put("sessions", rows(jdbc.sql("""
                select created_at as "createdAt", expires_at as "expiresAt" from identity_session
                where org_id = ? and user_id = ? order by created_at""").params(org.value(), person.value()).query().listOfRows()));
        out.put("apiTokens", rows(jdbc.sql("""
                select id, name, token_prefix as prefix, created_at as "createdAt", last_used_at as "lastUsedAt"
                from identity_api_token where org_id = ? and user_id = ? order by created_at""")
                .params(org.value(), person.value()).query().listOfRows()));
        out.put("serverOperator", rows(jdbc.sql("""
                select added_at as "addedAt" from identity_server_operator where user_id = ?""")
                .param(person.value()).query().listOfRows()));
        out.put("invitationsCreated", rows(jdbc.sql("""
                select id, role, email, created_at as "createdAt", expires_at as "expiresAt" from identity_invitation
                where org_id = ? and created_by = ? order by created_at""").params(org.value(), person.value()).query().listOfRows()));
        return out;
    }

    @Override
    public Map<String, Object> organizationData(OrgId org) {
        Map<String, Object> out = new LinkedHashMap<>();
        var organization = rows(jdbc.sql("""
                select id, name, created_at as "createdAt" from identity_organization where id = ?""")
                .param(org.value()).query().listOfRows());
        if (organization.isEmpty()) {
            throw new NotFoundException("Organization");
        }
        out.put("organization", organization.get(0));
        out.put("members", rows(jdbc.sql("""
                select u.id, u.email, u.display_name as "displayName", m.role, m.created_at as "joinedAt"
                from identity_membership m join identity_user u on u.id = m.user_id
                where m.org_id = ? order by m.created_at""").param(org.value()).query().listOfRows()));
        out.put("invitations", rows(jdbc.sql("""
                select id, role, email, created_at as "createdAt", expires_at as "expiresAt" from identity_invitation
                where org_id = ? order by created_at""").param(org.value()).query().listOfRows()));
        return out;
    }

    /** Plain values for JSON: timestamps as ISO-8601 instants, ids as strings. */
    private static List<Map<String, Object>> rows(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(k, v instanceof java.sql.Timestamp t ? t.toInstant().toString()
                    : v instanceof java.util.UUID u ? u.toString() : v));
            return m;
        }).toList();
    }

    @Override
    @Transactional
    public int deleteOrganization(CurrentUser owner) {
        owner.requireOwner();
        return delete(owner.orgId(), owner.userId().value(), null);
    }

    @Override
    @Transactional
    public int deleteOrganizationAsOperator(OrgId org) {
        if (!repo.organizationExists(org)) {
            throw new NotFoundException("Organization");
        }
        return delete(org, null, "operator");
    }

    private int delete(OrgId org, UUID actor, String by) {
        List<IdentityRepository.MemberRow> members = repo.members(org);
        AuditEvent event = AuditEvent.of(org, actor, "identity.organization.deleted", "organization")
                .with("accounts", Integer.toString(members.size()));
        audit.record(by == null ? event : event.with("by", by));
        for (var m : members) {
            events.publishEvent(new AccountDeleted(new UserId(m.userId()), org));
        }
        events.publishEvent(new OrganizationDeleted(org));
        for (var m : members) {
            repo.deleteUser(new UserId(m.userId()));
        }
        repo.deleteOrganization(org);
        return members.size();
    }

    @Override
    @Transactional
    public ReplayedErasures replayErasures(Predicate<OrgId> organizationErased, Predicate<UserId> accountErased) {
        int accounts = 0;
        for (UUID id : jdbc.sql("select id from identity_user").query(UUID.class).list()) {
            if (accountErased.test(new UserId(id))) {
                accounts += repo.deleteUser(new UserId(id));
            }
        }
        int organizations = 0;
        for (UUID id : jdbc.sql("select id from identity_organization").query(UUID.class).list()) {
            OrgId org = new OrgId(id);
            if (organizationErased.test(org)) {
                for (var m : repo.members(org)) {
                    accounts += repo.deleteUser(new UserId(m.userId()));
                }
                organizations += repo.deleteOrganization(org);
            }
        }
        return new ReplayedErasures(organizations, accounts);
    }
}
