package dev.charter.identity.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.NotFoundException;
import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** API tokens for scripts: shown once at creation, stored as a SHA-256 digest, revocable. */
@Service
public class ApiTokens {

    public static final String PREFIX = "chr_";

    public record Token(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {}

    public record Created(Token token, String secret) {}

    private final IdentityRepository repo;
    private final AuditLog audit;

    ApiTokens(IdentityRepository repo, AuditLog audit) {
        this.repo = repo;
        this.audit = audit;
    }

    public List<Token> list(CurrentUser me) {
        return repo.tokens(me.orgId(), me.userId()).stream()
                .map(r -> new Token(r.id(), r.name(), r.prefix(), r.createdAt(), r.lastUsedAt())).toList();
    }

    @Transactional
    public Created create(CurrentUser me, String name) {
        String n = Validation.trimToNull(name);
        new Validation().required("name", n, 80, "a name for the token").orThrow();
        String secret = Tokens.random(PREFIX);
        UUID id = UUID.randomUUID();
        String shown = secret.substring(0, PREFIX.length() + 6) + "…";
        repo.insertToken(id, me.orgId(), me.userId(), n, Tokens.sha256(secret), shown);
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.api-token.created", "api-token:" + id));
        return new Created(new Token(id, n, shown, Instant.now(), null), secret);
    }

    @Transactional
    public void revoke(CurrentUser me, UUID id) {
        if (repo.deleteToken(me.orgId(), me.userId(), id) == 0) {
            throw new NotFoundException("API token");
        }
        audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "identity.api-token.revoked", "api-token:" + id));
    }

    /** The user a bearer token stands for, if it exists. */
    @Transactional
    public Optional<CurrentUser> resolve(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        return repo.tokenPrincipal(Tokens.sha256(secret))
                .map(r -> new CurrentUser(new UserId(r.userId()), new OrgId(r.orgId()), r.role(), r.email(),
                        r.displayName(), null, r.tokenId()));
    }
}
