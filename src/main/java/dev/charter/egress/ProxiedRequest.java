package dev.charter.egress;

import java.net.URI;
import java.util.List;

/**
 * A request a sandboxed session sent to its egress proxy, as the proxy's rules see it: after the session token was
 * checked and removed, before anything is sent.
 *
 * @param url the absolute URL it will go to (scheme as the gateway will use it)
 */
public record ProxiedRequest(String sessionId, String method, URI url, List<Header> headers, byte[] body) {

    public ProxiedRequest {
        headers = List.copyOf(headers);
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }
}
