package dev.charter.egress;

import dev.charter.shared.OrgId;
import dev.charter.shared.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One outbound HTTP request, as a module asks the gateway to send it.
 *
 * @param purpose    what the request is for, dotted, owned by the calling module ({@code pilots.http-step},
 *                   {@code connectors.verify}); it selects the {@link EgressPolicy}
 * @param org        the organization on whose behalf it goes out
 * @param actor      the person who caused it, or null for the system
 * @param method     HTTP method, upper case
 * @param url        absolute http(s) URL; null only when the credential is the URL ({@link CredentialUse.Placement#URL})
 * @param headers    the caller's headers; credentials are never passed here but through {@code credential}
 * @param body       request body, empty for none
 * @param credential the stored credential to attach, or null
 */
public record EgressRequest(String purpose, OrgId org, UserId actor, String method, URI url,
                            List<Header> headers, byte[] body, CredentialUse credential) {

    public EgressRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(method, "method");
        method = method.toUpperCase(Locale.ROOT);
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        if (url == null && (credential == null || credential.placement() != CredentialUse.Placement.URL)) {
            throw new IllegalArgumentException("an outbound request needs a URL unless its credential is the URL");
        }
    }

    public static Builder builder(String purpose, OrgId org) {
        return new Builder(purpose, org);
    }

    /** The destination as far as it may be shown: scheme and host only, never the path or query (they may carry a
     * token), header values or the body. */
    @Override
    public String toString() {
        URI shown = url != null ? url : credential.base();
        return "EgressRequest[" + purpose + " " + method + " " + shown.getScheme() + "://" + shown.getHost()
                + ", headers=" + headers.stream().map(Header::name).toList()
                + ", body=" + body.length + " bytes" + (credential == null ? "" : ", credential=" + credential.placement())
                + "]";
    }

    /** Builds a request step by step; {@link #build()} checks the parts that must be present. */
    public static final class Builder {
        private final String purpose;
        private final OrgId org;
        private UserId actor;
        private String method = "GET";
        private URI url;
        private final List<Header> headers = new ArrayList<>();
        private byte[] body;
        private CredentialUse credential;

        private Builder(String purpose, OrgId org) {
            this.purpose = purpose;
            this.org = org;
        }

        public Builder actor(UserId actor) {
            this.actor = actor;
            return this;
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder url(String url) {
            return url(URI.create(url));
        }

        public Builder get(String url) {
            return method("GET").url(url);
        }

        public Builder post(String url, byte[] body) {
            return method("POST").url(url).body(body);
        }

        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        public Builder credential(CredentialUse credential) {
            this.credential = credential;
            return this;
        }

        public EgressRequest build() {
            return new EgressRequest(purpose, org, actor, method, url, headers, body, credential);
        }
    }
}
