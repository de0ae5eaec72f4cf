package dev.charter.egress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What may be shown about an OAuth grant: never a token.
 *
 * @param scopes      the scopes the provider granted (from its token response; empty when it named none)
 * @param expiresAt   when the access token expires, or null when it does not
 * @param refreshable whether the provider issued a refresh token
 * @param details     non-secret facts of the token response a connector needs (Slack's {@code team.id},
 *                    {@code bot_user_id}); only names listed in {@link #DETAIL_NAMES}
 */
public record OAuthGrantInfo(List<String> scopes, Instant expiresAt, boolean refreshable, Map<String, String> details) {

    /** The non-secret token-response fields kept as details. */
    public static final List<String> DETAIL_NAMES = List.of("team.id", "team.name", "bot_user_id", "app_id");

    public OAuthGrantInfo {
        scopes = List.copyOf(scopes);
        details = Map.copyOf(details);
    }
}
