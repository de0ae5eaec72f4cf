package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Server-side sessions behind the session cookie: issue, resolve, revoke. */
@Service
public class Sessions {

    /** A new session and the signed token that names it. */
    public record Issued(String token, Instant expiresAt) {}

    private final IdentityRepository repo;
    private final SessionTokens tokens;
    private final IdentitySettings settings;
    private final AuditLog audit;
    private final Clock clock;

    Sessions(IdentityRepository repo, SessionTokens tokens, IdentitySettings settings, AuditLog audit, Clock clock) {
        this.repo = repo;
        this.tokens = tokens;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Issued open(OrgId org, UserId user) {
        UUID id = UUID.randomUUID();
        Instant expires = clock.instant().plus(settings.sessionTtl());
        repo.insertSession(id, org, user, expires);
        return new Issued(tokens.issue(id, user.value(), expires), expires);
    }

    /** The user a cookie token stands for, if the token is valid and its session still exists. */
    public Optional<CurrentUser> resolve(String token) {
        return tokens.verify(token)
                .flatMap(id -> repo.sessionPrincipal(id, clock.instant()))
                .map(r -> new CurrentUser(new UserId(r.userId()), new OrgId(r.orgId()), r.role(), r.email(),
                        r.displayName(), r.sessionId(), null));
    }

    @Transactional
    public void close(CurrentUser user) {
        if (user.sessionId() != null && repo.deleteSession(user.sessionId()) > 0) {
            audit.record(AuditEvent.of(user.orgId(), user.userId().value(), "identity.session.revoked", "session")
                    .with("reason", "sign-out"));
        }
    }

    @Transactional
    public int closeAll(UserId user, OrgId org, String reason) {
        int n = repo.deleteSessionsOf(user);
        if (n > 0) {
            audit.record(AuditEvent.of(org, user.value(), "identity.session.revoked", "all-sessions")
                    .with("reason", reason).with("count", Integer.toString(n)));
        }
        return n;
    }

    @Scheduled(fixedDelayString = "PT15M", initialDelayString = "PT1M")
    @Transactional
    void purgeExpired() {
        repo.deleteExpiredSessions(clock.instant());
        repo.deleteExpiredInvitations(clock.instant());
    }
}
