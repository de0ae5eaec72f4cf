package dev.charter.identity.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Session tokens: compact JWTs signed with HMAC-SHA256. Only HS256 is accepted; a token with any
 * other algorithm (including {@code none}), a bad signature or a past expiry is refused. The
 * token names a server-side session row, so revocation is a delete.
 */
@Component
class SessionTokens {

    static final String ISSUER = "charter";

    private final byte[] key;
    private final Clock clock;

    SessionTokens(SessionKey key, Clock clock) {
        this.key = key.bytes();
        this.clock = clock;
    }

    String issue(UUID sessionId, UUID userId, Instant expiresAt) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .subject(userId.toString())
                    .jwtID(sessionId.toString())
                    .issueTime(Date.from(clock.instant()))
                    .expirationTime(Date.from(expiresAt))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a session token", e);
        }
    }

    /** The session id named by a valid token, or empty for anything else. */
    Optional<UUID> verify(String token) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.toInstant().isAfter(clock.instant()) || !ISSUER.equals(claims.getIssuer())
                    || claims.getJWTID() == null) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(claims.getJWTID()));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
