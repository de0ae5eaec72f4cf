package dev.charter.egress.internal;

import dev.charter.egress.CredentialUse;
import dev.charter.egress.DlpAction;
import dev.charter.egress.EgressDeniedException;
import dev.charter.egress.EgressFailedException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressPolicy;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.Header;
import dev.charter.egress.EgressGateway.StreamHandler;
import dev.charter.egress.internal.dlp.CredentialFingerprints;
import dev.charter.shared.OrgId;
import dev.charter.egress.internal.dlp.Finding;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway. For every hop, in this order: shape of the URL and headers, DLP on the URL, the purpose's
 * allowlist, body size, DNS (once), the address check on every resolved address, DLP on headers and body, the rate
 * limit; then the audit record, and only then the credential is decrypted and the hop sent to the checked
 * address. Redirects are followed here, each one decided again from the start. Any refusal is audited and thrown
 * as {@link EgressDeniedException} before a byte leaves.
 */
final class DefaultEgressGateway implements EgressGateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultEgressGateway.class);

    /** A hop that passed every check, with the headers and body as they will be sent. */
    private record Allowed(Target target, ResolvedAddresses resolved, EgressPolicy policy, List<Header> headers,
                           byte[] body, EgressAudit.Facts facts, String credentialId) {}

    private final PolicyEngine policies;
    private final HostResolver resolver;
    private final Transport transport;
    private final RateLimits rates;
    private final OutboundDlp dlp;
    private final CredentialAccess credentials;
    private final ServerCredentials servers;
    private final EgressAudit audit;
    private final String userAgent;
    private final OAuthTokens tokens = new OAuthTokens(java.time.Clock.systemUTC());
    private final GoogleTokens google;
    private final GitHubAppTokens apps;
    private volatile OAuthGrants oauth;

    DefaultEgressGateway(PolicyEngine policies, HostResolver resolver, Transport transport, RateLimits rates,
                         OutboundDlp dlp, CredentialAccess credentials, EgressAudit audit, String userAgent) {
        this(policies, resolver, transport, rates, dlp, credentials, ServerCredentials.NONE, audit, userAgent);
    }

    DefaultEgressGateway(PolicyEngine policies, HostResolver resolver, Transport transport, RateLimits rates,
                         OutboundDlp dlp, CredentialAccess credentials, ServerCredentials servers, EgressAudit audit,
                         String userAgent) {
        this(policies, resolver, transport, rates, dlp, credentials, servers, audit, userAgent,
                new GoogleTokens(URI.create("https://oauth2.googleapis.com/token"), java.time.Clock.systemUTC()));
    }

    DefaultEgressGateway(PolicyEngine policies, HostResolver resolver, Transport transport, RateLimits rates,
                         OutboundDlp dlp, CredentialAccess credentials, ServerCredentials servers, EgressAudit audit,
                         String userAgent, GoogleTokens google) {
        this(policies, resolver, transport, rates, dlp, credentials, servers, audit, userAgent, google,
                new GitHubAppTokens(java.time.Clock.systemUTC()));
    }

    DefaultEgressGateway(PolicyEngine policies, HostResolver resolver, Transport transport, RateLimits rates,
                         OutboundDlp dlp, CredentialAccess credentials, ServerCredentials servers, EgressAudit audit,
                         String userAgent, GoogleTokens google, GitHubAppTokens apps) {
        this.google = google;
        this.apps = apps;
        this.policies = policies;
        this.resolver = resolver;
        this.transport = transport;
        this.rates = rates;
        this.dlp = dlp;
        this.credentials = credentials;
        this.servers = servers;
        this.audit = audit;
        this.userAgent = userAgent;
        this.oauth = new OAuthGrants(this::postToken, credentials, java.time.Clock.systemUTC());
    }

    /** The OAuth token endpoint of this gateway, its expiry decisions made by {@code clock}. */
    OAuthGrants oauth(java.time.Clock clock) {
        oauth = new OAuthGrants(this::postToken, credentials, clock);
        return oauth;
    }

    /**
     * One request to an OAuth token endpoint: decided like any request on its public form (no redirects followed),
     * then sent with {@code secretForm} appended to the body and, for client_secret_basic, the client's
     * {@code id:secret} as HTTP Basic; both are scrubbed from the answer's echo.
     */
    WireResponse postToken(String purpose, OrgId org, dev.charter.shared.UserId actor, URI tokenUri, String publicForm,
                           byte[] secretForm, byte[] basicUserPassword) {
        // bound to the token endpoint's origin, so a policy of Destination.connection() allows exactly that endpoint
        CredentialUse endpoint = CredentialUse.none(URI.create(tokenUri.getScheme() + "://" + tokenUri.getRawAuthority() + "/"));
        EgressRequest request = EgressRequest.builder(purpose, org).actor(actor).method("POST").url(tokenUri)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .body(publicForm).credential(endpoint).build();
        Hop hop = new Hop(0, tokenUri, "POST", request.headers(), request.body(), endpoint);
        Allowed a = decide(request, hop, servers.with(credentials.fingerprints(org)));
        Target t = a.target();
        EgressPolicy.Limits limits = a.policy().limits();
        List<Header> headers = new ArrayList<>(a.headers());
        headers.add(new Header("User-Agent", userAgent));
        headers.add(new Header("Accept-Encoding", "identity"));
        if (basicUserPassword != null) {
            headers.add(new Header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(basicUserPassword)));
        }
        byte[] body = new byte[a.body().length + secretForm.length];
        System.arraycopy(a.body(), 0, body, 0, a.body().length);
        System.arraycopy(secretForm, 0, body, a.body().length, secretForm.length);
        WireRequest wire = new WireRequest(t.scheme(), t.host(), t.port(), a.resolved().first(), "POST",
                RequestShape.requestTarget(tokenUri), headers, body, limits.connectTimeout(), limits.timeout(),
                limits.maxResponseBytes());
        try {
            WireResponse answer = transport.exchange(wire);
            return basicUserPassword == null ? answer : EchoScrubber.scrub(answer, basicUserPassword);
        } catch (IOException e) {
            throw failed(request, t, limits, e);
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
    }

    /** How much of an answer is scanned for an excerpt: enough for any error message, bounded for the scanner. */
    static final int EXCERPT_SCAN_CHARS = 16 * 1024;

    @Override
    public String readableExcerpt(OrgId org, EgressResponse response, int maxChars) {
        String body = response.bodyAsString();
        if (body.isEmpty() || maxChars <= 0) {
            return "";
        }
        String scanned = body.length() > EXCERPT_SCAN_CHARS ? body.substring(0, EXCERPT_SCAN_CHARS) : body;
        String readable = dlp.readable(scanned, servers.with(credentials.fingerprints(org))).strip();
        if (readable.length() <= maxChars && scanned.length() == body.length()) {
            return readable;
        }
        int end = Math.min(maxChars, readable.length());
        if (end > 0 && Character.isHighSurrogate(readable.charAt(end - 1))) {
            end--;
        }
        return readable.substring(0, end) + "…";
    }

    /** The request's first hop. */
    private static Hop firstHop(EgressRequest request) {
        URI first = request.url() != null ? request.url() : request.credential().base();
        return new Hop(0, first, request.method(), request.headers(), request.body(), request.credential());
    }

    /**
     * The checks made once per request, before any hop: a purpose no caller may use, a credential of another
     * organization, a server credential outside its purpose or base. Returns the fingerprints DLP looks for.
     */
    private CredentialFingerprints admitted(EgressRequest request, Hop hop) {
        URI first = hop.url();
        CredentialUse use = request.credential();
        if (GoogleTokens.PURPOSE.equals(request.purpose()) || GitHubAppTokens.PURPOSE.equals(request.purpose())) {
            throw deny(request, facts(hop, RequestShape.requestTarget(first), List.of()),
                    "purpose '" + request.purpose() + "' is the gateway's own token exchange");
        }
        if (use != null && use.attaches() && !use.fromServer() && !use.ref().org().equals(request.org())) {
            throw deny(request, facts(hop, RequestShape.requestTarget(first), List.of()),
                    "the credential does not belong to the organization the request is made for");
        }
        String serverRefusal = use != null && use.fromServer() ? servers.refusal(request.purpose(), use) : null;
        if (serverRefusal != null) {
            throw deny(request, facts(hop, RequestShape.requestTarget(first), List.of()), serverRefusal);
        }
        return servers.with(credentials.fingerprints(request.org()));
    }

    /**
     * One hop, decided like {@link #send}'s first (no redirect is followed: the answer is the destination's, whatever
     * its status), its answer streamed to {@code handler} while the connection is open.
     */
    @Override
    public <T> T stream(EgressRequest request, java.time.Duration within, StreamHandler<T> handler) {
        java.util.Objects.requireNonNull(within, "within");
        Hop hop = firstHop(request);
        CredentialFingerprints fingerprints = admitted(request, hop);
        Allowed allowed = decide(request, hop, fingerprints);
        return exchange(request, hop, allowed, streamed(handler), within);
    }

    @Override
    public EgressResponse send(EgressRequest request) {
        Hop hop = firstHop(request);
        CredentialFingerprints fingerprints = admitted(request, hop);
        while (true) {
            Allowed allowed = decide(request, hop, fingerprints);
            WireResponse answer = exchange(request, hop, allowed);
            String location = answer.header("Location");
            int maxRedirects = allowed.policy().limits().maxRedirects();
            if (!Hop.isRedirect(answer.status()) || location == null || hop.credentialIsUrl() || maxRedirects == 0) {
                return response(answer);
            }
            if (hop.number() >= maxRedirects) {
                throw deny(request, allowed.facts(), "more than " + maxRedirects + " redirects (last from "
                        + allowed.target().host() + ")");
            }
            try {
                hop = hop.redirect(answer.status(), location);
            } catch (IllegalArgumentException e) {
                throw deny(request, allowed.facts(), "the redirect target from " + allowed.target().host()
                        + " is not a valid URL");
            }
        }
    }

    private Allowed decide(EgressRequest request, Hop hop, CredentialFingerprints fingerprints) {
        return decide(request, hop, fingerprints, false);
    }

    /**
     * @param ownBody the body is one the gateway made itself from a stored credential (the signed assertion of a
     *                token exchange): every check applies except the content scan, which would only find that
     *                assertion
     */
    private Allowed decide(EgressRequest request, Hop hop, CredentialFingerprints fingerprints, boolean ownBody) {
        String credentialId = hop.credential() == null || !hop.credential().attaches() ? null
                : hop.credential().fromServer() ? ServerCredentials.id(hop.credential().serverCredential())
                : credentials.id(hop.credential().ref());
        String requestTarget = RequestShape.requestTarget(hop.url());
        List<Finding> inUrl = dlp.scanUrl(requestTarget, fingerprints, credentialId);
        EgressAudit.Facts facts = facts(hop, requestTarget, inUrl);
        Target target;
        try {
            target = RequestShape.target(request.purpose(), hop.url(), hop.method(),
                    hop.credential() == null ? null : hop.credential().base());
        } catch (IllegalArgumentException e) {
            throw deny(request, facts, e.getMessage());
        }
        if (!inUrl.isEmpty()) {
            throw deny(request, facts, "the URL contains " + labels(inUrl)
                    + "; send secrets only as a connection's credential",
                    new OutboundDlp.Result(Map.of(), inUrl).auditDetails());
        }
        String headerRefusal = RequestShape.headerRefusal(hop.headers());
        if (headerRefusal != null) {
            throw deny(request, facts, headerRefusal);
        }
        PolicyDecision pre = policies.precheck(target);
        if (!pre.allowed()) {
            throw deny(request, facts, pre.reason());
        }
        EgressPolicy.Limits limits = pre.policy().limits();
        if (hop.body().length > limits.maxRequestBytes()) {
            throw deny(request, facts, "the body has " + hop.body().length + " bytes, more than the limit of "
                    + limits.maxRequestBytes() + " for purpose '" + request.purpose() + "'");
        }
        ResolvedAddresses resolved = resolve(request, facts, target.host());
        PolicyDecision decision = policies.decide(target, resolved);
        if (!decision.allowed()) {
            throw deny(request, facts, decision.reason());
        }
        OutboundDlp.Result found = ownBody ? new OutboundDlp.Result(Map.of(), List.of())
                : dlp.scanContent(hop.headers(), hop.body(), fingerprints, credentialId);
        List<Header> headers = hop.headers();
        byte[] body = hop.body();
        String dlpNote = null;
        if (!found.clean()) {
            if (decision.policy().dlp() == DlpAction.BLOCK) {
                throw deny(request, facts, "the request contains " + found.describe()
                        + "; remove it, or store it as a connection's credential", found.auditDetails());
            }
            headers = dlp.replaceInHeaders(request.org(), headers, found);
            body = dlp.replaceInBody(request.org(), body, found);
            dlpNote = "replaced " + found.summary() + found.credentialNote();
        }
        if (!rates.tryAcquire(request.org() + "|" + request.purpose() + "|" + target.host(), limits.requestsPerMinute())) {
            throw deny(request, facts, "more than " + limits.requestsPerMinute() + " requests per minute to "
                    + target.host() + " for purpose '" + request.purpose() + "'");
        }
        audit.allowed(request, facts, decision.reason(), resolved.first().getHostAddress(), credentialId, dlpNote);
        log.debug("Egress allowed: {} {} {}{}", request.purpose(), target.method(), target.origin(), facts.path());
        return new Allowed(target, resolved, decision.policy(), headers, body, facts, credentialId);
    }

    private ResolvedAddresses resolve(EgressRequest request, EgressAudit.Facts facts, String host) {
        byte[] literal = Cidr.literal(host);
        try {
            List<InetAddress> addresses = literal != null ? List.of(InetAddress.getByAddress(literal)) : resolver.resolve(host);
            return new ResolvedAddresses(host, addresses);
        } catch (UnknownHostException e) {
            throw deny(request, facts, "host " + host + " does not resolve");
        }
    }

    private WireResponse exchange(EgressRequest request, Hop hop, Allowed a) {
        return exchange(request, hop, a, WHOLE, null);
    }

    /**
     * How a hop's bytes go out and its answer comes back: whole, or streamed to a handler. {@code echoes} are the
     * credentials attached to the hop, to be cut out of the answer; {@code status} learns the answer's status.
     */
    private interface Wire<R> {
        R send(Transport transport, WireRequest wire, List<byte[]> echoes, java.util.function.IntConsumer status)
                throws IOException;
    }

    private static final Wire<WireResponse> WHOLE = (transport, wire, echoes, status) -> {
        WireResponse answer = transport.exchange(wire);
        for (byte[] echo : echoes) {
            answer = EchoScrubber.scrub(answer, echo);
        }
        status.accept(answer.status());
        return answer;
    };

    /** Streams the answer to {@code handler}, the credentials cut out of its headers and body as they pass. */
    private static <T> Wire<T> streamed(StreamHandler<T> handler) {
        return (transport, wire, echoes, status) -> transport.stream(wire, (code, headers, body) -> {
            status.accept(code);
            List<Header> shown = headers;
            for (byte[] echo : echoes) {
                shown = EchoScrubber.scrub(new WireResponse(code, shown, new byte[0]), echo).headers();
            }
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (Header h : shown) {
                map.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h.value());
            }
            try (java.io.InputStream scrubbed = EchoScrubber.scrubbing(body, echoes)) {
                return handler.handle(new dev.charter.egress.StreamedResponse(code, map, scrubbed));
            }
        });
    }

    /**
     * Sends the hop the way {@code how} says, with its credential attached at the last moment (decrypted,
     * exchanged or minted here, never held by the caller) and cut out of the answer.
     *
     * @param within for a stream, how long the whole exchange may take (below the purpose's timeout), else null
     */
    private <R> R exchange(EgressRequest request, Hop hop, Allowed a, Wire<R> how, java.time.Duration within) {
        Target t = a.target();
        EgressPolicy.Limits limits = a.policy().limits();
        List<Header> headers = new ArrayList<>(a.headers());
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("User-Agent"))) {
            headers.add(new Header("User-Agent", userAgent));
        }
        headers.add(new Header("Accept-Encoding", "identity"));
        java.time.Duration timeout = within != null && within.compareTo(limits.timeout()) < 0 ? within : limits.timeout();
        WireRequest wire = new WireRequest(t.scheme(), t.host(), t.port(), a.resolved().first(), t.method(),
                RequestShape.requestTarget(hop.url()), headers, a.body(), limits.connectTimeout(), timeout,
                limits.maxResponseBytes());
        java.util.function.IntConsumer ignore = code -> { };
        try {
            if (hop.credential() == null || !hop.credential().attaches()) {
                return how.send(transport, wire, List.of(), ignore);
            }
            if (hop.credential().placement() == CredentialUse.Placement.GOOGLE_SERVICE_ACCOUNT) {
                return credentials.use(request.org(), hop.credential().ref(), secret -> {
                    String token;
                    try {
                        token = google.token(a.credentialId(), secret, (url, form) -> tokenExchange(request, url, form));
                    } catch (GoogleTokens.TokenException e) {
                        throw new EgressFailedException(e.getMessage(), null);
                    }
                    List<Header> withToken = new ArrayList<>(wire.headers());
                    withToken.removeIf(h -> h.name().equalsIgnoreCase("Authorization"));
                    withToken.add(new Header("Authorization", "Bearer " + token));
                    WireRequest sent = new WireRequest(wire.scheme(), wire.host(), wire.port(), wire.address(), wire.method(),
                            wire.target(), withToken, wire.body(), wire.connectTimeout(), wire.timeout(),
                            wire.maxResponseBytes());
                    return how.send(transport, sent, List.of(secret,
                            token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), ignore);
                });
            }
            if (hop.credential().placement() == CredentialUse.Placement.GITHUB_APP) {
                return withInstallationToken(request, hop, a, wire, how);
            }
            if (hop.credential().fromServer()) {
                return servers.use(hop.credential().serverCredential(),
                        secret -> how.send(transport, attach(request, hop, a, wire, secret), List.of(secret), ignore));
            }
            if (hop.credential().placement() == CredentialUse.Placement.OAUTH2_CLIENT_CREDENTIALS) {
                return withMintedToken(request, hop, wire, how);
            }
            if (hop.credential().placement() == CredentialUse.Placement.OAUTH2) {
                return oauth.withAccessToken(request.purpose(), request.org(), request.actor(), hop.credential().ref(),
                        token -> how.send(transport, attach(request, hop, a, wire, token), List.of(token), ignore));
            }
            return credentials.use(request.org(), hop.credential().ref(),
                    secret -> how.send(transport, attach(request, hop, a, wire, secret), List.of(secret), ignore));
        } catch (IOException e) {
            throw failed(request, t, limits, e);
        }
    }

    /**
     * A hop that carries a GitHub App key: an installation token narrowed to the use's repository and permissions
     * (cached, or minted now through {@link #mintInstallationToken}) goes as a bearer token to the API, or as basic
     * auth {@code x-access-token:<token>} to git's smart HTTP. An answer of 401 forgets the token. The answer is cut
     * free of the token. A mint GitHub refuses ends in a failure that says the credential was refused.
     */
    private <R> R withInstallationToken(EgressRequest request, Hop hop, Allowed a, WireRequest wire, Wire<R> how)
            throws IOException {
        CredentialUse use = hop.credential();
        dev.charter.egress.GitHubAppMint mint = use.githubAppMint();
        return credentials.use(request.org(), use.ref(), pem -> {
            String token;
            try {
                token = apps.token(a.credentialId(), mint, pem, (m, jwt, body) -> mintInstallationToken(request, m, jwt, body));
            } catch (GitHubAppTokens.TokenException e) {
                throw new EgressFailedException(e.getMessage(), null, e.refusedByGitHub);
            }
            byte[] tokenBytes = token.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            List<Header> headers = new ArrayList<>(wire.headers());
            headers.removeIf(h -> h.name().equalsIgnoreCase("Authorization"));
            headers.add(new Header("Authorization", mint.git()
                    ? "Basic " + java.util.Base64.getEncoder().encodeToString(("x-access-token:" + token)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    : "Bearer " + token));
            WireRequest sent = new WireRequest(wire.scheme(), wire.host(), wire.port(), wire.address(), wire.method(),
                    wire.target(), headers, wire.body(), wire.connectTimeout(), wire.timeout(), wire.maxResponseBytes());
            return how.send(transport, sent, List.of(tokenBytes), code -> {
                if (code == 401) {
                    apps.forget(use.ref(), mint.installationId());
                }
            });
        });
    }

    /**
     * The mint of an installation token: a POST to the installation's token endpoint under purpose
     * {@link GitHubAppTokens#PURPOSE}, bound to the API base, decided like any request (policy, address check, DLP of
     * the body, rate limit, audit) on behalf of the organization; the JWT is added after the checks and cut from the
     * answer, which stays here.
     */
    private WireResponse mintInstallationToken(EgressRequest original, dev.charter.egress.GitHubAppMint mint, String jwt,
                                               byte[] body) {
        URI url = mint.tokenEndpoint();
        CredentialUse bound = CredentialUse.none(mint.api());
        EgressRequest token = new EgressRequest(GitHubAppTokens.PURPOSE, original.org(), original.actor(), "POST", url,
                List.of(new Header("Content-Type", "application/json"), new Header("Accept", "application/vnd.github+json"),
                        new Header("X-GitHub-Api-Version", "2022-11-28")), body, bound);
        Hop hop = new Hop(0, url, "POST", token.headers(), body, bound);
        Allowed allowed = decide(token, hop, servers.with(credentials.fingerprints(original.org())));
        Target t = allowed.target();
        EgressPolicy.Limits limits = allowed.policy().limits();
        List<Header> headers = new ArrayList<>(allowed.headers());
        headers.add(new Header("User-Agent", userAgent));
        headers.add(new Header("Accept-Encoding", "identity"));
        headers.add(new Header("Authorization", "Bearer " + jwt));
        WireRequest wire = new WireRequest(t.scheme(), t.host(), t.port(), allowed.resolved().first(), "POST",
                RequestShape.requestTarget(url), headers, allowed.body(), limits.connectTimeout(), limits.timeout(),
                limits.maxResponseBytes());
        try {
            return EchoScrubber.scrub(transport.exchange(wire), jwt.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw failed(token, t, limits, e);
        }
    }

    /**
     * A hop that carries a client credentials grant: the access token (cached, or minted now through
     * {@link #mint}) goes as a bearer token; an answer of 401 forgets the token so the next request mints a new one.
     */
    private <R> R withMintedToken(EgressRequest request, Hop hop, WireRequest wire, Wire<R> how) throws IOException {
        CredentialUse use = hop.credential();
        String token = tokens.token(request.org(), use, () -> mint(request, use));
        List<Header> headers = new ArrayList<>(wire.headers());
        headers.add(new Header("Authorization", "Bearer " + token));
        WireRequest withToken = new WireRequest(wire.scheme(), wire.host(), wire.port(), wire.address(), wire.method(),
                wire.target(), headers, wire.body(), wire.connectTimeout(), wire.timeout(), wire.maxResponseBytes());
        return how.send(transport, withToken, List.of(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)), status -> {
            if (status == 401) {
                tokens.forget(request.org(), use);
            }
        });
    }

    /**
     * Mints an access token: POSTs the grant's parameters as a form to the token endpoint with the client id and
     * secret as basic auth, as a request of the same purpose (so its policy, DLP, rate limit and audit apply). The
     * answer never reaches the caller; only a status and a fixed message do when it fails.
     */
    private OAuthTokens.Token mint(EgressRequest request, CredentialUse use) {
        URI endpoint = use.tokenEndpoint();
        String form = URI.create(use.headerName()).getRawQuery();
        EgressResponse answer = send(EgressRequest.builder(request.purpose(), request.org()).actor(request.actor())
                .post(endpoint.toString(), form.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .credential(CredentialUse.basic(use.ref(), endpoint)).build());
        if (answer.status() != 200) {
            throw new EgressFailedException("the token endpoint " + endpoint.getHost() + " answered " + answer.status()
                    + " to the client credentials grant; check the client id, secret and account or tenant of the "
                    + "connection", null);
        }
        try {
            tools.jackson.databind.JsonNode json = TOKEN_JSON.readTree(answer.body());
            tools.jackson.databind.JsonNode value = json.get("access_token");
            if (value == null || !value.isString() || value.asString().isBlank()
                    || value.asString().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new EgressFailedException("the token endpoint " + endpoint.getHost()
                        + " answered without a usable access_token", null);
            }
            tools.jackson.databind.JsonNode expires = json.get("expires_in");
            long seconds = expires != null && expires.canConvertToLong() ? expires.asLong() : 3600;
            if (expires != null && expires.isString()) {
                try {
                    seconds = Long.parseLong(expires.asString());
                } catch (NumberFormatException e) {
                    seconds = 3600;
                }
            }
            return new OAuthTokens.Token(value.asString(), tokens.usableUntil(seconds));
        } catch (tools.jackson.core.JacksonException e) {
            throw new EgressFailedException("the token endpoint " + endpoint.getHost() + " answered with no JSON", null);
        }
    }

    private static final tools.jackson.databind.json.JsonMapper TOKEN_JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The wire request with the credential in place; for a URL credential, only if it lies under the base. */
    private WireRequest attach(EgressRequest request, Hop hop, Allowed a, WireRequest wire, byte[] secret) {
        String value = new String(secret, java.nio.charset.StandardCharsets.UTF_8);
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw deny(request, a.facts(), "the stored credential contains a control character and cannot be sent");
        }
        CredentialUse use = hop.credential();
        List<Header> headers = new ArrayList<>(wire.headers());
        String target = wire.target();
        switch (use.placement()) {
            case BEARER, OAUTH2 -> headers.add(new Header("Authorization", "Bearer " + value));
            case BASIC -> headers.add(new Header("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString(secret)));
            case HEADER -> headers.add(new Header(use.headerName(), value));
            case URL -> target = urlTarget(request, a, value, use.base());
            case SIGV4 -> headers = signed(request, a, wire, headers, value, use.headerName());
            case OAUTH2_CLIENT_CREDENTIALS -> throw new IllegalStateException("a minted token is attached by withMintedToken");
            case NONE -> throw new IllegalStateException("nothing to attach");
            case GOOGLE_SERVICE_ACCOUNT -> throw new IllegalStateException("a service account is exchanged, not attached");
            case GITHUB_APP -> throw new IllegalStateException("a GitHub App key mints tokens, it is not attached");
        }
        return new WireRequest(wire.scheme(), wire.host(), wire.port(), wire.address(), wire.method(), target, headers,
                wire.body(), wire.connectTimeout(), wire.timeout(), wire.maxResponseBytes());
    }

    /**
     * The headers with {@code x-amz-date}, the session token if the stored credential has one, and the SigV4
     * {@code Authorization} over host, date, content type and body exactly as they are sent.
     */
    private List<Header> signed(EgressRequest request, Allowed a, WireRequest wire, List<Header> headers, String stored,
                                String signingScope) {
        String[] parts = stored.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw deny(request, a.facts(), "the stored AWS credential is not <access key id>:<secret access key>");
        }
        String[] scope = signingScope.split("/");
        List<Header> out = new ArrayList<>(headers);
        out.removeIf(h -> h.name().equalsIgnoreCase("x-amz-date") || h.name().equalsIgnoreCase("x-amz-security-token")
                || h.name().equalsIgnoreCase("authorization"));
        out.add(new Header("X-Amz-Date", SigV4.amzDate(java.time.Instant.now())));
        if (parts.length == 3 && !parts[2].isBlank()) {
            out.add(new Header("X-Amz-Security-Token", parts[2]));
        }
        List<Header> toSign = new ArrayList<>();
        toSign.add(new Header("Host", Http1.hostHeader(wire)));
        for (Header h : out) {
            String n = h.name().toLowerCase(java.util.Locale.ROOT);
            if (n.equals("content-type") || n.startsWith("x-amz-")) {
                toSign.add(h);
            }
        }
        String target = wire.target();
        int q = target.indexOf('?');
        byte[] secret = parts[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            SigV4.Signed s = SigV4.sign(wire.method(), q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                    toSign, wire.body(), parts[0], secret, scope[0], scope[1]);
            out.add(new Header("Authorization", s.authorization()));
            return out;
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The token exchange of a service account key: a POST of the signed assertion to the operator's token endpoint
     * under purpose {@link GoogleTokens#PURPOSE}, through the same checks (policy, address, rate, audit) as any
     * request, on behalf of the organization whose key it is. Its answer stays here.
     */
    private WireResponse tokenExchange(EgressRequest original, URI url, byte[] form) {
        EgressRequest token = new EgressRequest(GoogleTokens.PURPOSE, original.org(), original.actor(), "POST", url,
                List.of(new Header("Content-Type", "application/x-www-form-urlencoded"),
                        new Header("Accept", "application/json")), form, null);
        Hop hop = new Hop(0, url, "POST", token.headers(), form, null);
        Allowed allowed = decide(token, hop, servers.with(credentials.fingerprints(original.org())), true);
        return exchange(token, hop, allowed);
    }

    private String urlTarget(EgressRequest request, Allowed a, String storedUrl, URI base) {
        Target stored;
        URI url;
        try {
            url = URI.create(storedUrl);
            stored = RequestShape.target(request.purpose(), url, a.target().method(), base);
        } catch (IllegalArgumentException e) {
            throw deny(request, a.facts(), "the stored URL of the connection is not a valid http(s) URL");
        }
        Target t = a.target();
        if (!PolicyEngine.withinBase(stored, base) || !stored.host().equals(t.host()) || stored.port() != t.port()
                || !stored.scheme().equals(t.scheme())) {
            throw deny(request, a.facts(), "the stored URL of the connection is not under its base URL " + t.origin());
        }
        return RequestShape.requestTarget(url);
    }

    private EgressDeniedException deny(EgressRequest request, EgressAudit.Facts facts, String reason) {
        return deny(request, facts, reason, Map.of());
    }

    private EgressDeniedException deny(EgressRequest request, EgressAudit.Facts facts, String reason,
                                       Map<String, String> details) {
        audit.denied(request, facts, reason, details);
        log.info("Egress denied for purpose {}: {}", request.purpose(), reason);
        return new EgressDeniedException(reason);
    }

    private static EgressFailedException failed(EgressRequest request, Target t, EgressPolicy.Limits limits, IOException e) {
        String where = t.origin();
        String message;
        if (e instanceof Http1.ResponseTooLargeException) {
            message = "the answer from " + where + " is larger than the limit of " + limits.maxResponseBytes()
                    + " bytes for purpose '" + request.purpose() + "'";
        } else if (e instanceof SocketTimeoutException) {
            message = where + " did not answer in time";
        } else if (e instanceof ConnectException) {
            message = where + " refused the connection";
        } else if (e instanceof SSLException) {
            message = "TLS with " + where + " failed: " + e.getMessage();
        } else {
            message = "the exchange with " + where + " failed: " + e.getMessage();
        }
        return new EgressFailedException(message, e);
    }

    private static EgressAudit.Facts facts(Hop hop, String requestTarget, List<Finding> inUrl) {
        URI u = hop.url();
        String path = hop.credentialIsUrl() ? hop.credential().base().getRawPath()
                : OutboundDlp.redactedPath(requestTarget, inUrl);
        String host = u.getHost() == null ? null : PolicyEngine.normalizeHost(u.getHost());
        Integer port = u.getScheme() == null || u.getHost() == null ? null : PolicyEngine.effectivePort(u);
        return new EgressAudit.Facts(hop.number(), u.getScheme(), host, port, hop.method(), path, u.getRawQuery() != null);
    }

    private static String labels(List<Finding> findings) {
        return String.join(", ", findings.stream().map(f -> "a " + f.label()).distinct().toList());
    }

    private static EgressResponse response(WireResponse answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : answer.headers()) {
            headers.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h.value());
        }
        return new EgressResponse(answer.status(), headers, answer.body());
    }
}
