package dev.charter.connectors.internal;

import dev.charter.audit.AuditEvent;
import dev.charter.audit.AuditLog;
import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.ConnectionStatus;
import dev.charter.connectors.Connections;
import dev.charter.connectors.NewOAuthConnection;
import dev.charter.connectors.OAuthConnections;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.EgressException;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.egress.OAuthClient;
import dev.charter.egress.OAuthGrantInfo;
import dev.charter.egress.OAuthTokens;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import dev.charter.vault.CredentialKind;
import dev.charter.vault.SecretRef;
import dev.charter.vault.Vault;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth connections: the authorization request (Spring Security's builder with PKCE), the pending authorization,
 * and on the way back the state check, the code exchange inside egress and the connection row.
 */
@Service
class OAuthConnectionService implements OAuthConnections {

    static final String TOKEN_PURPOSE = "connectors.oauth-token";
    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,60}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A provider's endpoints and how its client authenticates. */
    record Provider(String authorizeUrl, String tokenUrl, String apiUrl, List<String> scopes, boolean basicAuth,
                    Map<String, Object> extraParameters, boolean commaScopes) {}

    private final OAuthSettings settings;
    private final ConnectionRequests requests;
    private final OAuthPendingRepository pending;
    private final ConnectionRepository connections;
    private final Connections connectionsFacade;
    private final Vault vault;
    private final OAuthTokens tokens;
    private final EgressGateway egress;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final StringKeyGenerator states = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 32);

    OAuthConnectionService(OAuthSettings settings, ConnectionRequests requests, OAuthPendingRepository pending,
                           ConnectionRepository connections, Connections connectionsFacade, Vault vault,
                           OAuthTokens tokens, EgressGateway egress, AuditLog audit, Clock clock,
                           PlatformTransactionManager transactions) {
        this.settings = settings;
        this.requests = requests;
        this.pending = pending;
        this.connections = connections;
        this.connectionsFacade = connectionsFacade;
        this.vault = vault;
        this.tokens = tokens;
        this.egress = egress;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    Provider provider(ConnectionKind kind) {
        return switch (kind) {
            // GitHub's token endpoint takes HTTP Basic client authentication, as Spring Security's GitHub default does
            case GITHUB_OAUTH -> new Provider(settings.githubAuthorizeUrl(), settings.githubTokenUrl(), settings.githubApiUrl(),
                    settings.githubScopes(), true, Map.of(), false);
            case JIRA_OAUTH -> new Provider(settings.jiraAuthorizeUrl(), settings.jiraTokenUrl(), settings.jiraApiUrl(),
                    settings.jiraScopes(), false, Map.of("audience", "api.atlassian.com", "prompt", "consent"), false);
            case SLACK_OAUTH -> new Provider(settings.slackAuthorizeUrl(), settings.slackTokenUrl(), settings.slackApiUrl(),
                    settings.slackScopes(), true, Map.of(), true);
            case GMAIL_OAUTH -> new Provider(settings.gmailAuthorizeUrl(), settings.gmailTokenUrl(), settings.gmailApiUrl(),
                    settings.gmailScopes(), false, Map.of("access_type", "offline", "prompt", "consent"), false);
            default -> throw new InvalidInputException("kind", "Choose GITHUB_OAUTH, JIRA_OAUTH, SLACK_OAUTH or GMAIL_OAUTH "
                    + "to connect through the provider's authorization page.");
        };
    }

    @Override
    public URI start(CurrentUser me, NewOAuthConnection r, String redirectUri) {
        try {
            me.requireAdmin();
            if (r.kind() == null) {
                throw new InvalidInputException("kind", "Choose GITHUB_OAUTH, JIRA_OAUTH, SLACK_OAUTH or GMAIL_OAUTH.");
            }
            Provider p = provider(r.kind());
            Map<String, String> errors = new LinkedHashMap<>();
            String label = r.label() == null ? "" : r.label().strip();
            if (label.isEmpty() || label.length() > 120) {
                errors.put("label", "Give the connection a name of 1 to 120 characters.");
            }
            String clientId = r.clientId() == null ? "" : r.clientId().strip();
            if (!CLIENT_ID.matcher(clientId).matches()) {
                errors.put("clientId", "Paste the OAuth app's client id from the provider's developer settings.");
            }
            if (r.clientSecret() == null || r.clientSecret().isBlank()) {
                errors.put("clientSecret", "Paste the OAuth app's client secret.");
            } else if (r.clientSecret().length() > 500) {
                errors.put("clientSecret", "The client secret is longer than 500 characters; check what was pasted.");
            }
            URI authorize = requests.url("authorizeUrl", blank(r.authorizeUrl()) ? p.authorizeUrl() : r.authorizeUrl(), errors);
            URI token = requests.url("tokenUrl", blank(r.tokenUrl()) ? p.tokenUrl() : r.tokenUrl(), errors);
            URI api = requests.url("apiBaseUrl", blank(r.apiBaseUrl()) ? p.apiUrl() : r.apiBaseUrl(), errors);
            List<String> scopes = r.scopes() == null || r.scopes().isEmpty() ? p.scopes()
                    : r.scopes().stream().flatMap(s -> Arrays.stream(s.split("[\\s,]+"))).filter(s -> !s.isBlank()).toList();
            if (scopes.size() > 30 || scopes.stream().anyMatch(s -> !SCOPE.matcher(s).matches())) {
                errors.put("scopes", "Give at most 30 scopes, separated by spaces or commas.");
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            String state = states.generateKey();
            OAuth2AuthorizationRequest.Builder b = OAuth2AuthorizationRequest.authorizationCode()
                    .authorizationUri(authorize.toString()).clientId(clientId).redirectUri(redirectUri).state(state);
            Map<String, Object> extra = new LinkedHashMap<>(p.extraParameters());
            if (p.commaScopes()) {
                extra.put("scope", String.join(",", scopes)); // Slack's v2 page takes scopes comma-separated
            } else {
                b.scopes(new LinkedHashSet<>(scopes));
            }
            b.additionalParameters(extra);
            OAuth2AuthorizationRequestCustomizers.withPkce().accept(b);
            OAuth2AuthorizationRequest authorization = b.build();
            String verifier = authorization.getAttribute(PkceParameterNames.CODE_VERIFIER);
            Instant now = clock.instant();
            tx.executeWithoutResult(s -> {
                pending.takeExpired(me.orgId(), now).forEach(ref -> vault.delete(me.orgId(), ref));
                char[] secret = strip(r.clientSecret().chars());
                byte[] stored = new OAuthClient(clientId, secret, token, p.basicAuth(), verifier, TOKEN_PURPOSE).credential();
                SecretRef grant;
                try {
                    grant = vault.store(me.orgId(), r.kind().vaultPurpose(), CredentialKind.OAUTH2, stored, label);
                } finally {
                    Arrays.fill(stored, (byte) 0);
                    Arrays.fill(secret, '\0');
                }
                pending.insert(me.orgId(), new OAuthPendingRepository.Pending(me.orgId(), hash(state), r.kind(), label, api,
                        redirectUri, scopes, grant, me.userId().value(), now, now.plus(PENDING_FOR)));
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "connectors.oauth.started",
                        "credential:" + grant.credentialId()).with("kind", r.kind().name()).with("host", authorize.getHost()));
            });
            return URI.create(authorization.getAuthorizationRequestUri());
        } finally {
            r.wipe();
        }
    }

    @Override
    public Connection complete(CurrentUser me, String state, String code, String error) {
        me.requireAdmin();
        if (blank(state)) {
            throw new InvalidInputException("state", "The provider sent no state back; start the connection again.");
        }
        OAuthPendingRepository.Pending p = tx.execute(s -> pending.take(me.orgId(), hash(state)).orElse(null));
        if (p == null) {
            audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "connectors.oauth.refused", "organization:" + me.orgId())
                    .with("reason", "unknown state"));
            throw new InvalidInputException("state", "This answer does not belong to an authorization started here (or it "
                    + "was already used); nothing was saved. Start the connection again.");
        }
        try {
            if (!p.createdBy().equals(me.userId().value())) {
                throw new InvalidInputException("state", "Another admin started this authorization; start your own.");
            }
            if (clock.instant().isAfter(p.expiresAt())) {
                throw new InvalidInputException("state", "The authorization took longer than ten minutes; start it again.");
            }
            if (!blank(error)) {
                String shown = ERROR_CODE.matcher(error).matches() ? error : "an error";
                throw new InvalidInputException("code", "The provider answered " + shown + " instead of a grant (for "
                        + "example access_denied when the request was declined); nothing was saved.");
            }
            if (blank(code) || code.length() > 2000) {
                throw new InvalidInputException("code", "The provider sent no code back; start the connection again.");
            }
            OAuthGrantInfo info = tokens.exchangeCode(TOKEN_PURPOSE, me.orgId(), me.userId(), p.grant(), code, p.redirectUri());
            URI base = p.kind() == ConnectionKind.JIRA_OAUTH ? jiraSite(me, p) : p.apiBase();
            ConnectionId id = ConnectionId.random();
            List<String> scopes = info.scopes().isEmpty() ? p.scopes() : info.scopes();
            String team = info.details().get("team.id");
            tx.executeWithoutResult(s -> {
                connections.insert(me.orgId(), new ConnectionRepository.Row(id, me.orgId(), p.kind(), p.label(), base,
                        AuthScheme.OAUTH2, team, null, scopes, p.grant(), ConnectionStatus.ACTIVE, null,
                        me.userId().value(), clock.instant(), clock.instant(), null, null, null, null));
                audit.record(AuditEvent.of(me.orgId(), me.userId().value(), "connectors.connection.created", "connection:" + id)
                        .with("kind", p.kind().name()).with("auth", "OAUTH2")
                        .with("credential", p.grant().credentialId().toString()).with("host", base.getHost())
                        .with("refreshable", Boolean.toString(info.refreshable())));
            });
            return connectionsFacade.get(me.orgId(), id);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> vault.delete(me.orgId(), p.grant()));
            if (e instanceof EgressException) {
                throw new InvalidInputException("code", e.getMessage() + " Nothing was saved.");
            }
            throw e;
        }
    }

    /**
     * Jira Cloud's API for a 3LO grant lies under {@code /ex/jira/<cloud id>}: the site comes from
     * {@code GET /oauth/token/accessible-resources}; the first site the grant reaches is taken.
     */
    private URI jiraSite(CurrentUser me, OAuthPendingRepository.Pending p) {
        URI api = p.apiBase();
        String root = api.toString().endsWith("/") ? api.toString().substring(0, api.toString().length() - 1) : api.toString();
        EgressResponse r = egress.send(EgressRequest.builder(EgressConnectionProbe.PURPOSE, me.orgId()).actor(me.userId())
                .get(root + "/oauth/token/accessible-resources").header("Accept", "application/json")
                .credential(CredentialUse.oauth2(p.grant(), api)).build());
        if (!r.isSuccess()) {
            throw new InvalidInputException("code", "Jira answered " + r.status() + " when asked which sites the grant "
                    + "reaches; nothing was saved.");
        }
        JsonNode sites = JSON.readTree(r.body());
        if (!sites.isArray() || sites.isEmpty() || !sites.get(0).path("id").isString()
                || !sites.get(0).path("id").asString().matches("[A-Za-z0-9-]{1,64}")) {
            throw new InvalidInputException("code", "The grant reaches no Jira site; give the app access to one and "
                    + "connect again.");
        }
        return URI.create(root + "/ex/jira/" + sites.get(0).path("id").asString());
    }

    static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static char[] strip(char[] chars) {
        int from = 0;
        int to = chars.length;
        while (from < to && Character.isWhitespace(chars[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(chars[to - 1])) {
            to--;
        }
        char[] out = Arrays.copyOfRange(chars, from, to);
        Arrays.fill(chars, '\0');
        return out;
    }
}
