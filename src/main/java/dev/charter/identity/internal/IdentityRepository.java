package dev.charter.identity.internal;

import dev.charter.identity.Role;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the identity tables. Every query on tenant data takes the organization first. */
@Repository
class IdentityRepository {

    record UserRow(UUID id, String email, String displayName, String phone, String company,
                   String passwordHash, Instant createdAt) {}

    record MemberRow(UUID userId, String email, String displayName, Role role, Instant joinedAt) {}

    record SessionPrincipalRow(UUID sessionId, UUID userId, UUID orgId, Role role, String email,
                               String displayName, Instant expiresAt) {}

    record InvitationRow(UUID id, UUID orgId, Role role, String email, Instant createdAt, Instant expiresAt) {}

    record TokenRow(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {}

    private final JdbcClient jdbc;

    IdentityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // organizations and users

    void insertOrganization(OrgId org, String name) {
        jdbc.sql("insert into identity_organization (id, name) values (?, ?)").params(org.value(), name).update();
    }

    Optional<String> organizationName(OrgId org) {
        return jdbc.sql("select name from identity_organization where id = ?").param(org.value())
                .query(String.class).optional();
    }

    void renameOrganization(OrgId org, String name) {
        jdbc.sql("update identity_organization set name = ? where id = ?").params(name, org.value()).update();
    }

    boolean organizationExists(OrgId org) {
        return jdbc.sql("select exists (select 1 from identity_organization where id = ?)").param(org.value())
                .query(Boolean.class).single();
    }

    int deleteOrganization(OrgId org) {
        return jdbc.sql("delete from identity_organization where id = ?").param(org.value()).update();
    }

    void insertUser(UserId user, String email, String displayName, String phone, String company, String hash) {
        jdbc.sql("""
                insert into identity_user (id, email, display_name, phone, company, password_hash)
                values (?, ?, ?, ?, ?, ?)""")
                .params(user.value(), email, displayName, phone, company, hash).update();
    }

    boolean emailTaken(String email) {
        return jdbc.sql("select exists (select 1 from identity_user where lower(email) = lower(?))")
                .param(email).query(Boolean.class).single();
    }

    Optional<UserRow> userByEmail(String email) {
        return jdbc.sql("""
                select id, email, display_name, phone, company, password_hash, created_at
                from identity_user where lower(email) = lower(?)""")
                .param(email).query(UserRow.class).optional();
    }

    Optional<UserRow> user(UserId user) {
        return jdbc.sql("""
                select id, email, display_name, phone, company, password_hash, created_at
                from identity_user where id = ?""")
                .param(user.value()).query(UserRow.class).optional();
    }

    void updateProfile(UserId user, String email, String displayName, String phone, String company) {
        jdbc.sql("""
                update identity_user set email = ?, display_name = ?, phone = ?, company = ?, updated_at = now()
                where id = ?""").params(email, displayName, phone, company, user.value()).update();
    }

    void updatePassword(UserId user, String hash) {
        jdbc.sql("update identity_user set password_hash = ?, updated_at = now() where id = ?")
                .params(hash, user.value()).update();
    }

    int deleteUser(UserId user) {
        return jdbc.sql("delete from identity_user where id = ?").param(user.value()).update();
    }

    // memberships

    void insertMembership(OrgId org, UserId user, Role role) {
        jdbc.sql("insert into identity_membership (org_id, user_id, role) values (?, ?, ?)")
                .params(org.value(), user.value(), role.name()).update();
    }

    Optional<OrgId> organizationOf(UserId user) {
        return jdbc.sql("select org_id from identity_membership where user_id = ?").param(user.value())
                .query(UUID.class).optional().map(OrgId::new);
    }

    List<MemberRow> members(OrgId org) {
        return jdbc.sql("""
                select u.id as user_id, u.email, u.display_name, m.role, m.created_at as joined_at
                from identity_membership m join identity_user u on u.id = m.user_id
                where m.org_id = ? order by m.created_at, u.email""")
                .param(org.value()).query(MemberRow.class).list();
    }

    Optional<Role> roleOf(OrgId org, UserId user) {
        return jdbc.sql("select role from identity_membership where org_id = ? and user_id = ?")
                .params(org.value(), user.value()).query(String.class).optional().map(Role::valueOf);
    }

    int setRole(OrgId org, UserId user, Role role) {
        return jdbc.sql("update identity_membership set role = ? where org_id = ? and user_id = ?")
                .params(role.name(), org.value(), user.value()).update();
    }

    long memberCount(OrgId org) {
        return jdbc.sql("select count(*) from identity_membership where org_id = ?").param(org.value())
                .query(Long.class).single();
    }

    // sessions

    void insertSession(UUID id, OrgId org, UserId user, Instant expiresAt) {
        jdbc.sql("insert into identity_session (id, org_id, user_id, expires_at) values (?, ?, ?, ?)")
                .params(id, org.value(), user.value(), java.sql.Timestamp.from(expiresAt)).update();
    }

    Optional<SessionPrincipalRow> sessionPrincipal(UUID sessionId, Instant now) {
        return jdbc.sql("""
                select s.id as session_id, u.id as user_id, m.org_id, m.role, u.email, u.display_name, s.expires_at
                from identity_session s
                join identity_user u on u.id = s.user_id
                join identity_membership m on m.user_id = u.id and m.org_id = s.org_id
                where s.id = ? and s.expires_at > ?""")
                .params(sessionId, java.sql.Timestamp.from(now)).query(SessionPrincipalRow.class).optional();
    }

    int deleteSession(UUID sessionId) {
        return jdbc.sql("delete from identity_session where id = ?").param(sessionId).update();
    }

    int deleteSessionsOf(UserId user) {
        return jdbc.sql("delete from identity_session where user_id = ?").param(user.value()).update();
    }

    int deleteExpiredSessions(Instant now) {
        return jdbc.sql("delete from identity_session where expires_at <= ?").param(java.sql.Timestamp.from(now)).update();
    }

    // invitations

    void insertInvitation(UUID id, OrgId org, byte[] tokenHash, Role role, String email, UserId by, Instant expiresAt) {
        jdbc.sql("""
                insert into identity_invitation (id, org_id, token_hash, role, email, created_by, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, org.value(), tokenHash, role.name(), email, by.value(), java.sql.Timestamp.from(expiresAt))
                .update();
    }

    List<InvitationRow> invitations(OrgId org) {
        return jdbc.sql("""
                select id, org_id, role, email, created_at, expires_at from identity_invitation
                where org_id = ? order by created_at desc""").param(org.value()).query(InvitationRow.class).list();
    }

    Optional<InvitationRow> invitationByToken(byte[] tokenHash, Instant now) {
        return jdbc.sql("""
                select id, org_id, role, email, created_at, expires_at from identity_invitation
                where token_hash = ? and expires_at > ?""")
                .params(tokenHash, java.sql.Timestamp.from(now)).query(InvitationRow.class).optional();
    }

    int deleteInvitation(OrgId org, UUID id) {
        return jdbc.sql("delete from identity_invitation where org_id = ? and id = ?").params(org.value(), id).update();
    }

    int deleteExpiredInvitations(Instant now) {
        return jdbc.sql("delete from identity_invitation where expires_at <= ?").param(java.sql.Timestamp.from(now)).update();
    }

    // API tokens

    void insertToken(UUID id, OrgId org, UserId user, String name, byte[] hash, String prefix) {
        jdbc.sql("""
                insert into identity_api_token (id, org_id, user_id, name, token_hash, token_prefix)
                values (?, ?, ?, ?, ?, ?)""").params(id, org.value(), user.value(), name, hash, prefix).update();
    }

    List<TokenRow> tokens(OrgId org, UserId user) {
        return jdbc.sql("""
                select id, name, token_prefix as prefix, created_at, last_used_at from identity_api_token
                where org_id = ? and user_id = ? order by created_at desc""")
                .params(org.value(), user.value()).query(TokenRow.class).list();
    }

    int deleteToken(OrgId org, UserId user, UUID id) {
        return jdbc.sql("delete from identity_api_token where org_id = ? and user_id = ? and id = ?")
                .params(org.value(), user.value(), id).update();
    }

    record TokenPrincipalRow(UUID tokenId, UUID userId, UUID orgId, Role role, String email, String displayName) {}

    Optional<TokenPrincipalRow> tokenPrincipal(byte[] hash) {
        return jdbc.sql("""
                update identity_api_token t set last_used_at = now()
                from identity_user u, identity_membership m
                where t.token_hash = ? and u.id = t.user_id and m.user_id = t.user_id and m.org_id = t.org_id
                returning t.id as token_id, u.id as user_id, m.org_id, m.role, u.email, u.display_name""")
                .param(hash).query(TokenPrincipalRow.class).optional();
    }
}
