package dev.charter.web.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How long and how much the web server waits for a client ({@code CHARTER_WEB_*}); see
 * docs/adr/0100-slow-clients.md.
 *
 * @param headerDeadline            the most time a request's line and headers may take to arrive, from their first
 *                                  byte; also how long a new or idle kept-alive connection may stay silent
 * @param bodyDeadline              the most time a request's body may take to arrive, from the end of its headers;
 *                                  a body still arriving then is refused with 408 and nothing of it is used
 * @param maxConnectionsPerAddress  open connections one client address may hold; further ones are closed as they
 *                                  are accepted (0: no limit, for a server behind a proxy that limits them itself)
 * @param maxBodySize               the largest request body the server reads at all (413 beyond it)
 * @param bufferedBodies            request bodies held in memory at once, summed over all requests (503 beyond it)
 */
@ConfigurationProperties("charter.web")
public record ServerSettings(
        @DefaultValue("10s") Duration headerDeadline,
        @DefaultValue("20s") Duration bodyDeadline,
        @DefaultValue("100") int maxConnectionsPerAddress,
        @DefaultValue("16MB") DataSize maxBodySize,
        @DefaultValue("256MB") DataSize bufferedBodies) {

    public ServerSettings {
        if (headerDeadline.toMillis() < 100 || bodyDeadline.toMillis() < 100) {
            throw new IllegalArgumentException("charter.web.header-deadline and body-deadline must be at least 100ms");
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("charter.web.max-connections-per-address must be 0 (no limit) or more");
        }
        if (maxBodySize.toBytes() < 1 || bufferedBodies.toBytes() < maxBodySize.toBytes()) {
            throw new IllegalArgumentException("charter.web.buffered-bodies must be at least charter.web.max-body-size");
        }
    }
}
