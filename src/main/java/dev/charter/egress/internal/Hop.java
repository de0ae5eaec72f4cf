package dev.charter.egress.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.Header;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One leg of a request: the first is the caller's request, each redirect makes the next. The credential stays
 * with a hop only while it goes to the credential's own base; a redirect elsewhere drops it.
 *
 * @param url the URL of this hop; for a credential that is the URL, the connection's base (the real URL is
 *            only known once the credential is decrypted)
 */
record Hop(int number, URI url, String method, List<Header> headers, byte[] body, CredentialUse credential) {

    boolean credentialIsUrl() {
        return credential != null && credential.placement() == CredentialUse.Placement.URL;
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The hop a redirect answer asks for, following the method rules browsers follow.
     *
     * @throws IllegalArgumentException when the location is not a URL
     */
    Hop redirect(int status, String location) {
        URI next = url.resolve(location.trim());
        String nextMethod = method;
        byte[] nextBody = body;
        List<Header> nextHeaders = headers;
        boolean toGet = status == 303 ? !"HEAD".equals(method) : (status == 301 || status == 302) && "POST".equals(method);
        if (toGet) {
            nextMethod = "GET";
            nextBody = new byte[0];
            nextHeaders = headers.stream().filter(h -> !h.name().toLowerCase(Locale.ROOT).startsWith("content-")).toList();
        }
        CredentialUse kept = credential != null && stillWithinBase(next) ? credential : null;
        return new Hop(number + 1, next, nextMethod, nextHeaders, nextBody, kept);
    }

    private boolean stillWithinBase(URI next) {
        if (next.getScheme() == null || next.getHost() == null) {
            return false;
        }
        Target t = new Target("", next.getScheme().toLowerCase(Locale.ROOT), PolicyEngine.normalizeHost(next.getHost()),
                PolicyEngine.effectivePort(next), method, next.getRawPath() == null || next.getRawPath().isEmpty() ? "/"
                : next.getRawPath(), null);
        return PolicyEngine.withinBase(t, credential.base());
    }
}
