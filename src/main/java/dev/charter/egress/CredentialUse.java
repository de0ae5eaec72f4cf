package dev.charter.egress;

import dev.charter.vault.SecretRef;
import java.net.URI;
import java.util.Objects;

/**
 * Which stored credential the gateway attaches to a request, how, and where it may go. The caller names the
 * credential; the gateway decrypts it through the vault only after every check passed, and never hands the
 * plaintext back. A credential is either an organization's, in the vault ({@code ref}), or one the operator
 * configured for the whole server ({@code serverCredential}, see {@link ServerCredential}); never both.
 *
 * @param ref              the credential in the vault, or null for a server credential
 * @param serverCredential the name of a declared {@link ServerCredential}, or null for a vault credential
 * @param placement        how it is attached
 * @param headerName the header that carries it, for {@link Placement#HEADER}; for {@link Placement#OAUTH2_CLIENT_CREDENTIALS}
 *                   the token endpoint with the grant's parameters as query; for {@link Placement#SIGV4} the signing
 *                   scope {@code <region>/<service>} ({@code us-east-1/bedrock}); null otherwise
 * @param base       the connection's base URL: the credential is only ever sent to this scheme, host and port
 *                   and to paths under this path. For {@link Placement#URL} it is the non-secret part of the stored
 *                   URL (for example {@code https://hooks.example.com/services/}).
 */
public record CredentialUse(SecretRef ref, String serverCredential, Placement placement, String headerName, URI base) {

    /** Where the credential goes in the request. */
    public enum Placement {
        /** {@code Authorization: Bearer <credential>} */
        BEARER,
        /** {@code Authorization: Basic base64(<credential>)}; the credential is stored as {@code user:password}. */
        BASIC,
        /** {@code <headerName>: <credential>} */
        HEADER,
        /** The credential is the whole request URL (incoming-webhook URLs); the request carries no URL of its own. */
        URL,
        /**
         * No credential at all: a connection to a service that needs none (a model server inside the operator's
         * network). Nothing is attached; the request is still bound to the connection's base URL, as if it carried one.
         */
        NONE,
        /**
         * AWS Signature Version 4: the credential is stored as {@code <access key id>:<secret access key>}, optionally
         * followed by {@code :<session token>}; egress signs the request as it is sent (host, {@code x-amz-date},
         * content type, body) for the scope in {@code headerName} and adds the {@code Authorization} header. The secret
         * key itself never travels.
         */
        SIGV4,
        /**
         * OAuth 2.0 client credentials grant (RFC 6749 section 4.4): the credential is stored as
         * {@code <client id>:<client secret>}; {@code headerName} holds the token endpoint with the grant's parameters as
         * its query ({@code https://zoom.us/oauth/token?grant_type=account_credentials&account_id=…}). Egress mints the
         * access token itself, at the moment of use, by POSTing those parameters as a form to the endpoint with the client
         * id and secret as basic auth (through the same purpose, its policy and its audit), caches it until shortly
         * before it expires, and attaches {@code Authorization: Bearer <access token>}. Neither the client secret nor the
         * access token ever leaves the gateway.
         */
        OAUTH2_CLIENT_CREDENTIALS,
        /**
         * A Google Cloud service account: the credential is the account's JSON key. Egress signs a JWT (RS256) with the
         * key's private key, exchanges it at the token endpoint the operator configured (never the key file's
         * {@code token_uri}) for a short-lived access token, keeps that token until shortly before it expires, and
         * sends it as {@code Authorization: Bearer}. Neither the private key nor the token leaves egress otherwise.
         */
        GOOGLE_SERVICE_ACCOUNT,
        /**
         * An OAuth 2.0 grant ({@link OAuthTokens}): egress reads the access token from the stored grant, refreshes it
         * first at the grant's token endpoint when it has expired (storing a rotated refresh token again at once),
         * and sends {@code Authorization: Bearer <access token>}.
         */
        OAUTH2,
        /**
         * A GitHub App's private key (PEM): {@code headerName} holds the installation's token endpoint
         * ({@code <api>/app/installations/<id>/access_tokens}) with, as query, the App's id, the one repository, the
         * permissions and how the token is attached ({@code git=true}: HTTP Basic {@code x-access-token:<token>} for
         * git's smart HTTP; else {@code Authorization: Bearer}). Egress signs the App's JWT (RS256), mints an
         * installation token narrowed to that repository and those permissions, keeps it until shortly before it
         * expires, and attaches it. Neither the key, the JWT nor the token leaves egress.
         */
        GITHUB_APP
    }

    private static final java.util.regex.Pattern SCOPE = java.util.regex.Pattern.compile("[a-z0-9-]{1,40}/[a-z0-9-]{1,40}");

    public CredentialUse {
        if (placement == Placement.NONE) {
            if (ref != null || serverCredential != null) {
                throw new IllegalArgumentException("a use without a credential names no credential");
            }
        } else if ((ref == null) == (serverCredential == null)) {
            throw new IllegalArgumentException("a credential is either a vault reference or a server credential's name");
        }
        if (serverCredential != null && placement == Placement.URL) {
            throw new IllegalArgumentException("a server credential cannot be a URL");
        }
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(base, "connection base URL");
        if (placement == Placement.HEADER && (headerName == null || headerName.isBlank())) {
            throw new IllegalArgumentException("a credential placed in a header needs the header's name");
        }
        if (placement == Placement.SIGV4 && (headerName == null || !SCOPE.matcher(headerName).matches())) {
            throw new IllegalArgumentException("a SigV4 credential needs its signing scope as region/service");
        }
        if (placement == Placement.OAUTH2_CLIENT_CREDENTIALS) {
            if (serverCredential != null) {
                throw new IllegalArgumentException("a client credentials grant uses an organization's credential");
            }
            URI endpoint;
            try {
                endpoint = headerName == null ? null : new URI(headerName);
            } catch (java.net.URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || !endpoint.isAbsolute() || endpoint.getHost() == null
                    || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
                    || endpoint.getRawQuery() == null || !endpoint.getRawQuery().contains("grant_type=")) {
                throw new IllegalArgumentException("a client credentials grant needs its token endpoint as an http(s) URL "
                        + "with the grant's parameters (grant_type=…) as query");
            }
        }
        if (placement == Placement.GITHUB_APP) {
            if (serverCredential != null) {
                throw new IllegalArgumentException("a GitHub App key is an organization's credential");
            }
            GitHubAppMint.parse(headerName);
        }
        if (placement != Placement.HEADER && placement != Placement.SIGV4 && placement != Placement.OAUTH2_CLIENT_CREDENTIALS
                && placement != Placement.GITHUB_APP) {
            headerName = null;
        }
    }

    /** A vault credential. */
    public CredentialUse(SecretRef ref, Placement placement, String headerName, URI base) {
        this(Objects.requireNonNull(ref, "credential reference"), null, placement, headerName, base);
    }

    /** True for a credential the operator configured for the server, false for an organization's. */
    public boolean fromServer() {
        return serverCredential != null;
    }

    /** True when there is a credential to attach, false for {@link Placement#NONE}. */
    public boolean attaches() {
        return placement != Placement.NONE;
    }

    /** No credential, the request bound to {@code base} all the same. */
    public static CredentialUse none(URI base) {
        return new CredentialUse(null, null, Placement.NONE, null, base);
    }

    /** The server credential {@code name}, attached as its {@link ServerCredential} declares. */
    public static CredentialUse server(String name, Placement placement, String headerName, URI base) {
        return new CredentialUse(null, name, placement, headerName, base);
    }

    public static CredentialUse bearer(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.BEARER, null, base);
    }

    public static CredentialUse basic(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.BASIC, null, base);
    }

    public static CredentialUse header(SecretRef ref, String headerName, URI base) {
        return new CredentialUse(ref, Placement.HEADER, headerName, base);
    }

    /** An AWS access key, signed with SigV4 for {@code region} and {@code service} ({@code bedrock}). */
    public static CredentialUse sigV4(SecretRef ref, String region, String service, URI base) {
        return new CredentialUse(ref, Placement.SIGV4, region + "/" + service, base);
    }

    /**
     * A client id and secret ({@code id:secret} in the vault) for which egress mints access tokens at
     * {@code tokenEndpoint} (with the grant's parameters as its query); the tokens go to {@code base} as bearer tokens.
     */
    public static CredentialUse oauth2ClientCredentials(SecretRef ref, String tokenEndpoint, URI base) {
        return new CredentialUse(ref, Placement.OAUTH2_CLIENT_CREDENTIALS, tokenEndpoint, base);
    }

    /** The token endpoint of a {@link Placement#OAUTH2_CLIENT_CREDENTIALS} use, without the grant's parameters. */
    public URI tokenEndpoint() {
        if (placement != Placement.OAUTH2_CLIENT_CREDENTIALS) {
            throw new IllegalStateException("not a client credentials grant");
        }
        String s = headerName.substring(0, headerName.indexOf('?'));
        return URI.create(s);
    }

    /** A Google Cloud service account's JSON key, exchanged inside egress for a bearer token. */
    public static CredentialUse googleServiceAccount(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.GOOGLE_SERVICE_ACCOUNT, null, base);
    }

    /** An OAuth 2.0 grant whose access token is attached as a bearer token, refreshed inside egress when expired. */
    public static CredentialUse oauth2(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.OAUTH2, null, base);
    }

    /**
     * A GitHub App's private key, for which egress mints an installation token narrowed to {@code repository} and
     * {@code permissions} at {@code api}; the token goes to {@code base} (the REST API's, or the git host's with
     * {@code git} true, as basic auth).
     */
    public static CredentialUse githubApp(SecretRef ref, GitHubAppMint mint, URI base) {
        return new CredentialUse(ref, Placement.GITHUB_APP, mint.encode(), base);
    }

    /** What a {@link Placement#GITHUB_APP} use mints. */
    public GitHubAppMint githubAppMint() {
        if (placement != Placement.GITHUB_APP) {
            throw new IllegalStateException("not a GitHub App key");
        }
        return GitHubAppMint.parse(headerName);
    }

    public static CredentialUse url(SecretRef ref, URI base) {
        return new CredentialUse(ref, Placement.URL, null, base);
    }
}
