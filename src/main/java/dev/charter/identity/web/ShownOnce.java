package dev.charter.identity.web;

import dev.charter.identity.CurrentUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A one-time value (a new API token, an invitation link) between a POST and the page it redirects to, so that
 * reloading that page cannot create a second one. Held in memory only, for {@link #TTL}, for the session that made
 * it: the redirect names it by a random id that is useless to anyone else, and the first view takes it away. No
 * cookie, no HTTP session, nothing stored.
 */
@Component
class ShownOnce {

    static final Duration TTL = Duration.ofMinutes(2);
    static final int MAX_HELD = 1000;

    private record Held(UUID session, Map<String, String> values, Instant until) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** Keeps the values for the next view by this session; the id goes in the redirect's query. */
    String keep(CurrentUser me, Map<String, String> values) {
        Instant now = clock.instant();
        held.values().removeIf(h -> h.until().isBefore(now));
        if (held.size() >= MAX_HELD) {
            held.clear(); // a flood of creations: the pages then say the value was already shown
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        held.put(id, new Held(me.sessionId(), Map.copyOf(values), now.plus(TTL)));
        return id;
    }

    /** The values, once, to the session that made them; empty when shown already, expired, or not theirs. */
    Optional<Map<String, String>> take(CurrentUser me, String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        Held h = held.get(id);
        if (h == null || h.session() == null || !h.session().equals(me.sessionId()) || h.until().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return held.remove(id, h) ? Optional.of(h.values()) : Optional.empty();
    }
}
