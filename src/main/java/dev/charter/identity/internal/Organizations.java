package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.AccountDeleted;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.Role;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members, roles, ownership hand-over and invitations of an organization. */
@Service
public class Organizations {

    private final ApplicationEventPublisher events;
    public record Member(UserId id, String email, String displayName, Role role, Instant joinedAt) {}

    public record Invitation(UUID id, Role role, String email, Instant createdAt, Instant expiresAt) {}

    /** A fresh invitation: the link is shown once and only its hash is kept. */
    public record NewInvitation(Invitation invitation, String token) {}

    public record Accept(String email, String password, String displayName) {}

    private final IdentityRepository repo;
    private final AuditLog audit;
    private final IdentitySettings settings;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Organizations(IdentityRepository repo, AuditLog audit, IdentitySettings settings, PasswordEncoder passwords, Clock clock,
                  ApplicationEventPublisher events) {
        this.events = events;
        this.repo = repo;
        this.audit = audit;
        this.settings = settings;
        this.passwords = passwords;
        this.clock = clock;
    }

    public String name(OrgId org) {
        return repo.organizationName(org).orElseThrow(() -> new NotFoundException("Organization"));
    }

    @Transactional
    public void rename(CurrentUser me, String name) {
        me.requireAdmin();
        String n = Validation.trimToNull(name);
        new Validation().required("name", n, 120, "a name").orThrow();
        repo.renameOrganization(me.orgId(), n);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.organization.renamed", "organization"));
    }

    public List<Member> members(CurrentUser me) {
        return repo.members(me.orgId()).stream()
                .map(r -> new Member(new UserId(r.userId()), r.email(), r.displayName(), r.role(), r.joinedAt()))
                .toList();
    }

    /**
     * Changes a member's role. Making someone OWNER hands ownership over: the current owner
     * becomes an admin. Only the owner can hand ownership over or change an admin.
     */
    @Transactional
    public void setRole(CurrentUser me, UserId member, Role role) {
        me.requireAdmin();
        Role current = repo.roleOf(me.orgId(), member).orElseThrow(() -> new NotFoundException("Member"));
        if (role == null) {
            throw new InvalidInputException("role", "Choose OWNER, ADMIN or MEMBER.");
        }
        if (member.equals(me.userId())) {
            throw new ConflictException("You cannot change your own role. Ask another admin, or hand ownership over.");
        }
        if (role == Role.OWNER || current != Role.MEMBER) {
            me.requireOwner();
        }
        if (role == Role.OWNER) {
            repo.setRole(me.orgId(), me.userId(), Role.ADMIN);
        }
        repo.setRole(me.orgId(), member, role);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.membership.role-changed", "membership").about(member.value())
                .with("from", current.name()).with("to", role.name()));
    }

    /** Removes a member from the organization; their account goes with it (one organization per account). */
    @Transactional
    public void removeMember(CurrentUser me, UserId member) {
        me.requireAdmin();
        Role current = repo.roleOf(me.orgId(), member).orElseThrow(() -> new NotFoundException("Member"));
        if (member.equals(me.userId())) {
            throw new ConflictException("To leave, delete your account on the account page.");
        }
        if (current == Role.OWNER || (current == Role.ADMIN && me.role() != Role.OWNER)) {
            throw new dev.charter.shared.ForbiddenException("Only the owner can remove an admin, and nobody can remove the owner.");
        }
        events.publishEvent(new AccountDeleted(member, me.orgId()));
        repo.deleteUser(member);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.membership.removed", "membership")
                .with("role", current.name()));
    }

    public List<Invitation> invitations(CurrentUser me) {
        me.requireAdmin();
        return repo.invitations(me.orgId()).stream().map(Organizations::toInvitation).toList();
    }

    @Transactional
    public NewInvitation invite(CurrentUser me, Role role, String email) {
        me.requireAdmin();
        String e = Validation.trimToNull(email);
        var v = new Validation();
        v.check(role == Role.ADMIN || role == Role.MEMBER, "role", "Invite as ADMIN or MEMBER.");
        if (e != null) {
            v.email("email", e);
        }
        v.orThrow();
        String token = Tokens.random("inv_");
        UUID id = UUID.randomUUID();
        Instant expires = clock.instant().plus(settings.invitationTtl());
        repo.insertInvitation(id, me.orgId(), Tokens.sha256(token), role, e, me.userId(), expires);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.invitation.created", "invitation:" + id)
                .with("role", role.name()));
        return new NewInvitation(new Invitation(id, role, e, clock.instant(), expires), token);
    }

    @Transactional
    public void revokeInvitation(CurrentUser me, UUID id) {
        me.requireAdmin();
        if (repo.deleteInvitation(me.orgId(), id) == 0) {
            throw new NotFoundException("Invitation");
        }
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.invitation.revoked", "invitation:" + id));
    }

    /** The organization name an invitation link leads to, if the link is valid. */
    public java.util.Optional<String> invitationTarget(String token) {
        if (token == null) {
            return java.util.Optional.empty();
        }
        return repo.invitationByToken(Tokens.sha256(token), clock.instant())
                .flatMap(i -> repo.organizationName(new OrgId(i.orgId())));
    }

    /** Creates the invitee's account in the inviting organization; the link works once. */
    @Transactional
    public UserId accept(String token, Accept form) {
        var inv = token == null ? null : repo.invitationByToken(Tokens.sha256(token), clock.instant()).orElse(null);
        if (inv == null) {
            throw new NotFoundException("Invitation");
        }
        String email = Validation.trimToNull(form.email());
        var v = new Validation().email("email", email).password("password", form.password())
                .optional("displayName", form.displayName(), 120);
        if (inv.email() != null) {
            v.check(inv.email().equalsIgnoreCase(email == null ? "" : email), "email",
                    "This invitation is for " + inv.email() + ".");
        }
        v.orThrow();
        if (repo.emailTaken(email)) {
            throw new InvalidInputException("email", "An account with this email address already exists.");
        }
        OrgId org = new OrgId(inv.orgId());
        UserId user = UserId.random();
        repo.insertUser(user, email, Validation.trimToNull(form.displayName()), null, null, passwords.encode(form.password()));
        repo.insertMembership(org, user, inv.role());
        repo.deleteInvitation(org, inv.id());
        audit.record(AuditEvent.of(org, user.value(), "identity.membership.joined", "account")
                .with("role", inv.role().name()).with("invitation", inv.id().toString()));
        return user;
    }

    private static Invitation toInvitation(IdentityRepository.InvitationRow r) {
        return new Invitation(r.id(), r.role(), r.email(), r.createdAt(), r.expiresAt());
    }
}
