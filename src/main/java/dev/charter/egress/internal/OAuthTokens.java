package dev.charter.egress.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Access tokens the gateway minted with a client credentials grant, held in memory only (never stored, never
 * handed to a caller), per organization, credential and token endpoint with its parameters, until a minute before
 * they expire. A token the service refused (401) is forgotten so the next request mints a new one.
 */
final class OAuthTokens {

    /** A minted access token and when it stops being used. */
    record Token(String value, Instant usableUntil) {
        @Override
        public String toString() {
            return "Token[redacted, usableUntil=" + usableUntil + "]";
        }
    }

    static final Duration MARGIN = Duration.ofSeconds(60);

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    OAuthTokens(Clock clock) {
        this.clock = clock;
    }

    /** The cached token, or one {@code mint} makes now (at most one mint per key at a time). */
    String token(OrgId org, CredentialUse use, Supplier<Token> mint) {
        String key = key(org, use);
        Token current = tokens.get(key);
        if (current != null && clock.instant().isBefore(current.usableUntil())) {
            return current.value();
        }
        synchronized (this) {
            current = tokens.get(key);
            if (current != null && clock.instant().isBefore(current.usableUntil())) {
                return current.value();
            }
            Token fresh = mint.get();
            tokens.put(key, fresh);
            return fresh.value();
        }
    }

    void forget(OrgId org, CredentialUse use) {
        tokens.remove(key(org, use));
    }

    /** When a token that lives {@code expiresInSeconds} stops being used. */
    Instant usableUntil(long expiresInSeconds) {
        Duration life = Duration.ofSeconds(Math.max(0, expiresInSeconds));
        Duration use = life.compareTo(MARGIN.multipliedBy(2)) > 0 ? life.minus(MARGIN) : life.dividedBy(2);
        return clock.instant().plus(use);
    }

    private static String key(OrgId org, CredentialUse use) {
        return org.value() + "|" + use.ref().credentialId() + "|" + use.headerName();
    }
}
