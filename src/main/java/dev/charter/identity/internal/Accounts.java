package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.AccountDeleted;
import dev.charter.identity.CurrentUser;
import dev.charter.identity.OrganizationDeleted;
import dev.charter.identity.Role;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up, sign-in, profile, password and account deletion (ACC-1, ACC-5, ACC-6). */
@Service
public class Accounts {

    public record SignUp(String email, String password, String displayName, String organization,
                         String phone, String company) {}

    public record Profile(String email, String displayName, String phone, String company) {}

    public record Account(UserId id, String email, String displayName, String phone, String company,
                          OrgId org, String organization, Role role, java.time.Instant createdAt) {}

    /** Hash of a random password: sign-in spends the same time whether or not the email exists. */
    private final String decoyHash;

    private final IdentityRepository repo;
    private final PasswordEncoder passwords;
    private final Sessions sessions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    Accounts(IdentityRepository repo, PasswordEncoder passwords, Sessions sessions, AuditLog audit,
             ApplicationEventPublisher events) {
        this.repo = repo;
        this.passwords = passwords;
        this.sessions = sessions;
        this.audit = audit;
        this.events = events;
        this.decoyHash = passwords.encode(Tokens.random("decoy-"));
    }

    /** Creates an organization and its owner. */
    @Transactional
    public Account signUp(SignUp form) {
        String email = Validation.trimToNull(form.email());
        String orgName = Validation.trimToNull(form.organization());
        new Validation()
                .email("email", email)
                .password("password", form.password())
                .required("organization", orgName, 120, "the name of your organization")
                .optional("displayName", form.displayName(), 120)
                .optional("phone", form.phone(), 40)
                .optional("company", form.company(), 120)
                .orThrow();
        if (repo.emailTaken(email)) {
            throw new InvalidInputException("email", "An account with this email address already exists. Sign in instead.");
        }
        OrgId org = OrgId.random();
        UserId user = UserId.random();
        repo.insertOrganization(org, orgName);
        repo.insertUser(user, email, Validation.trimToNull(form.displayName()), Validation.trimToNull(form.phone()),
                Validation.trimToNull(form.company()), passwords.encode(form.password()));
        repo.insertMembership(org, user, Role.OWNER);
        audit.record(AuditEvent.of(org, user.value(), "identity.account.created", "account"));
        return account(user);
    }

    /** Checks email and password; the caller opens the session. Failure says nothing about which was wrong. */
    @Transactional
    public Optional<Account> signIn(String email, String password) {
        var row = email == null ? Optional.<IdentityRepository.UserRow>empty() : repo.userByEmail(email.strip());
        boolean ok = passwords.matches(password == null ? "" : password, row.map(IdentityRepository.UserRow::passwordHash).orElse(decoyHash));
        if (row.isEmpty() || !ok) {
            audit.record(new AuditEvent(row.flatMap(r -> repo.organizationOf(new UserId(r.id()))).orElse(null),
                    null, row.map(IdentityRepository.UserRow::id).orElse(null), "identity.signin.failed", "user",
                    java.util.Map.of("reason", row.isEmpty() ? "unknown email" : "wrong password")));
            return Optional.empty();
        }
        UserId user = new UserId(row.get().id());
        Account account = account(user);
        audit.record(AuditEvent.of(account.org(), user.value(), "identity.signin.succeeded", "account"));
        return Optional.of(account);
    }

    public Account account(UserId user) {
        var row = repo.user(user).orElseThrow(() -> new NotFoundException("Account"));
        OrgId org = repo.organizationOf(user).orElseThrow(() -> new NotFoundException("Organization"));
        Role role = repo.roleOf(org, user).orElseThrow();
        return new Account(user, row.email(), row.displayName(), row.phone(), row.company(), org,
                repo.organizationName(org).orElse(""), role, row.createdAt());
    }

    @Transactional
    public Account updateProfile(CurrentUser me, Profile p) {
        String email = Validation.trimToNull(p.email());
        new Validation()
                .email("email", email)
                .optional("displayName", p.displayName(), 120)
                .optional("phone", p.phone(), 40)
                .optional("company", p.company(), 120)
                .orThrow();
        var current = repo.user(me.userId()).orElseThrow(() -> new NotFoundException("Account"));
        if (!current.email().equalsIgnoreCase(email) && repo.emailTaken(email)) {
            throw new InvalidInputException("email", "Another account already uses this email address.");
        }
        repo.updateProfile(me.userId(), email, Validation.trimToNull(p.displayName()), Validation.trimToNull(p.phone()),
                Validation.trimToNull(p.company()));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.profile.updated", "account"));
        return account(me.userId());
    }

    /**
     * Changes the password and ends every session of the user (the caller opens a fresh one for
     * the browser that asked).
     */
    @Transactional
    public void changePassword(CurrentUser me, String current, String next, String confirmation) {
        var row = repo.user(me.userId()).orElseThrow(() -> new NotFoundException("Account"));
        var v = new Validation();
        v.check(current != null && passwords.matches(current, row.passwordHash()), "currentPassword",
                "This is not your current password.");
        v.password("newPassword", next);
        v.check(next != null && next.equals(confirmation), "confirmPassword", "The two new passwords differ.");
        v.check(next == null || !next.equals(current), "newPassword", "Choose a password different from the current one.");
        v.orThrow();
        repo.updatePassword(me.userId(), passwords.encode(next));
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.password.changed", "account"));
        sessions.closeAll(me.userId(), me.orgId(), "password changed");
    }

    /**
     * Deletes the caller's account at once. A sole member who owns the organization deletes the
     * organization with it; an owner with other members must hand ownership over first.
     *
     * @return true when the organization was deleted too
     */
    @Transactional
    public boolean deleteAccount(CurrentUser me, String confirmation) {
        var row = repo.user(me.userId()).orElseThrow(() -> new NotFoundException("Account"));
        if (confirmation == null || !confirmation.strip().equalsIgnoreCase(row.email())) {
            throw new InvalidInputException("confirmation", "Type your email address to confirm.");
        }
        boolean soleMember = repo.memberCount(me.orgId()) == 1;
        if (me.role() == Role.OWNER && !soleMember) {
            throw new ConflictException("You own an organization with other members. "
                    + "Make another member the owner on the organization page first, then delete your account.");
        }
        audit.record(AuditEvent.of(me.orgId(), null, "identity.account.deleted", "user")
                .with("organizationDeleted", Boolean.toString(soleMember)));
        events.publishEvent(new AccountDeleted(me.userId(), me.orgId()));
        repo.deleteUser(me.userId());
        if (soleMember) {
            events.publishEvent(new OrganizationDeleted(me.orgId()));
            repo.deleteOrganization(me.orgId());
        }
        return soleMember;
    }
}
