package dev.charter.connectors.internal;

import dev.charter.connectors.AuthScheme;
import dev.charter.connectors.ConnectionKind;
import dev.charter.connectors.NewConnection;
import dev.charter.egress.ImapSecurity;
import dev.charter.egress.ImapServer;
import dev.charter.egress.SmtpSecurity;
import dev.charter.egress.SmtpServer;
import dev.charter.shared.InvalidInputException;
import dev.charter.vault.SecretValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a new connection's parameters before anything is stored, and refuses the request whole with one
 * message per field. Messages never repeat a secret field's value.
 */
@Component
class ConnectionRequests {

    /** A checked request: what the row holds, and where the credential is in the request. */
    record Checked(ConnectionKind kind, String label, URI baseUrl, AuthScheme authScheme, String headerName,
                   String username, List<String> scopes, String verifyPath, boolean fernet, SmtpSecurity smtpSecurity,
                   String mailFrom, ImapSecurity imapSecurity) {

        Checked(ConnectionKind kind, String label, URI baseUrl, AuthScheme authScheme, String headerName, String username,
                List<String> scopes, String verifyPath, boolean fernet, SmtpSecurity smtpSecurity, String mailFrom) {
            this(kind, label, baseUrl, authScheme, headerName, username, scopes, verifyPath, fernet, smtpSecurity, mailFrom, null);
        }

        Checked(ConnectionKind kind, String label, URI baseUrl, AuthScheme authScheme, String headerName, String username,
                List<String> scopes, String verifyPath, boolean fernet) {
            this(kind, label, baseUrl, authScheme, headerName, username, scopes, verifyPath, fernet, null, null, null);
        }
    }

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "cookie", "content-type", "expect", "upgrade", "te", "trailer", "proxy-authorization");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");
    private static final Pattern SMTP_HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");
    static final Pattern MAIL_ADDRESS = Pattern.compile("[^@\\s<>\"(),:;\\[\\]]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    private static final Pattern BEDROCK_HOST = Pattern.compile("(?:.*\\.)?bedrock-runtime(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.)?amazonaws\\.com");
    private static final Pattern GCP_PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    private static final Pattern GCP_REGION = Pattern.compile("global|[a-z]+-[a-z]+[0-9]{1,2}");
    private static final Pattern VERTEX_MODEL = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,99}");
    private static final Pattern VERIFY_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,199}");

    private final ConnectorsSettings settings;

    ConnectionRequests(ConnectorsSettings settings) {
        this.settings = settings;
    }

    Checked check(NewConnection r) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (r.kind() == null) {
            throw new InvalidInputException("kind", "Choose HTTP_API, INCOMING_WEBHOOK, SLACK_WEBHOOK, RESEND_API_KEY, "
                    + "ANTHROPIC_API_KEY, OPENAI_COMPATIBLE, AWS_BEDROCK, GOOGLE_VERTEX, SMTP_SERVER, IMAP_SERVER, ZOOM, AIRCALL or MS_TEAMS.");
        }
        String label = r.label() == null ? "" : r.label().strip();
        if (label.isEmpty() || label.length() > 120) {
            errors.put("label", "Give the connection a name of 1 to 120 characters.");
        }
        List<String> scopes = scopes(r.scopes(), errors);
        boolean fernet = present(r.fernetToken()) || present(r.fernetKey());
        Checked checked = switch (r.kind()) {
            case HTTP_API -> httpApi(r, label, scopes, fernet, errors);
            case INCOMING_WEBHOOK, SLACK_WEBHOOK -> webhook(r, label, scopes, fernet, errors);
            case RESEND_API_KEY -> provider(r, settings.resendBaseUrl(), AuthScheme.BEARER, null, "/domains", label, scopes,
                    fernet, errors);
            case ANTHROPIC_API_KEY -> provider(r, settings.anthropicBaseUrl(), AuthScheme.HEADER, "x-api-key", "/v1/models",
                    label, scopes, fernet, errors);
            case OPENAI_COMPATIBLE -> modelEndpoint(r, label, scopes, fernet, errors);
            case AWS_BEDROCK -> bedrock(r, label, scopes, fernet, errors);
            case GOOGLE_VERTEX -> vertex(r, label, scopes, fernet, errors);
            case SMTP_SERVER -> smtp(r, label, scopes, fernet, errors);
            case IMAP_SERVER -> imap(r, label, scopes, fernet, errors);
            case ZOOM, MS_TEAMS -> clientCredentials(r, label, scopes, fernet, errors);
            case AIRCALL -> aircall(r, label, scopes, fernet, errors);
            case GITHUB_OAUTH, JIRA_OAUTH, SLACK_OAUTH, GMAIL_OAUTH -> throw new InvalidInputException("kind",
                    r.kind().title() + " is connected through its authorization page: POST /api/v1/connections/oauth "
                            + "with this kind, or Connections → Connect through the provider.");
            case JIRA_API_TOKEN -> jiraApiToken(r, label, scopes, fernet, errors);
        };
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return checked;
    }

    private Checked httpApi(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        URI base = url("baseUrl", r.baseUrl(), errors);
        if (base != null && (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null)) {
            errors.put("baseUrl", "Give the base URL without user name, query or fragment; the credential goes in its own field.");
        }
        AuthScheme auth = r.authScheme();
        String headerName = null;
        String username = null;
        if (auth == null || auth == AuthScheme.URL) {
            errors.put("authScheme", "Choose how the credential is sent: BEARER, BASIC or HEADER.");
        } else if (auth == AuthScheme.HEADER) {
            headerName = r.headerName() == null ? "" : r.headerName().strip();
            if (!HEADER_NAME.matcher(headerName).matches() || RESERVED_HEADERS.contains(headerName.toLowerCase(Locale.ROOT))) {
                errors.put("headerName", "Give the header's name, for example X-Api-Key (letters, digits and dashes; not a "
                        + "header HTTP itself uses).");
            }
        } else if (auth == AuthScheme.BASIC) {
            username = r.username() == null ? "" : r.username().strip();
            if (username.isEmpty() || username.length() > 200 || username.contains(":")) {
                errors.put("username", "Give the user name (up to 200 characters, without a colon).");
            }
            if (fernet) {
                errors.put("fernetToken", "Fernet import is for bearer tokens and header keys; for basic auth type the password.");
            }
        }
        credential(r.secret(), fernet, r, errors, "secret",
                auth == AuthScheme.BASIC ? "Give the password." : "Paste the token or key the service gave you.");
        String verifyPath = null;
        if (r.verifyPath() != null && !r.verifyPath().isBlank()) {
            verifyPath = r.verifyPath().strip();
            if (!VERIFY_PATH.matcher(verifyPath).matches() || verifyPath.contains("..")) {
                errors.put("verifyPath", "Give a path that starts with / (for example /v1/me), up to 200 characters.");
            }
        }
        return new Checked(ConnectionKind.HTTP_API, label, base, auth, headerName, username, scopes, verifyPath, fernet);
    }

    /**
     * Jira Cloud with an API token: the site's URL ({@code https://<site>.atlassian.net}), the account's email as
     * user name and the token as password (HTTP basic, as Atlassian documents); checked with {@code /rest/api/3/myself}.
     */
    private Checked jiraApiToken(NewConnection r, String label, List<String> scopes, boolean fernet,
                                 Map<String, String> errors) {
        if (r.baseUrl() == null || r.baseUrl().isBlank()) {
            errors.put("baseUrl", "Give the Jira site's URL, for example https://your-team.atlassian.net.");
        }
        String email = r.username() == null ? "" : r.username().strip();
        if (!MAIL_ADDRESS.matcher(email).matches()) {
            errors.put("username", "Give the email address of the Atlassian account the token belongs to.");
        }
        String verify = r.verifyPath() == null || r.verifyPath().isBlank() ? "/rest/api/3/myself" : r.verifyPath();
        NewConnection fixed = new NewConnection(r.kind(), r.label(), r.baseUrl() == null ? "" : r.baseUrl(), AuthScheme.BASIC,
                null, email.isEmpty() ? "-" : email, r.secret(), null, r.fernetToken(), r.fernetKey(), r.scopes(), verify);
        Checked c = httpApi(fixed, label, scopes, fernet, errors);
        return new Checked(r.kind(), c.label(), c.baseUrl(), AuthScheme.BASIC, null, email, c.scopes(), c.verifyPath(),
                c.fernet());
    }

    /**
     * A provider's API key: the base URL defaults to the provider's (from the settings, so a test or a proxy can
     * point elsewhere) and the way the key is sent is fixed by the provider.
     */
    private Checked provider(NewConnection r, String defaultBase, AuthScheme auth, String headerName, String verifyPath,
                             String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        String base = r.baseUrl() == null || r.baseUrl().isBlank() ? defaultBase : r.baseUrl();
        String verify = r.verifyPath() == null || r.verifyPath().isBlank() ? verifyPath : r.verifyPath();
        NewConnection fixed = new NewConnection(r.kind(), r.label(), base, auth, headerName, null, r.secret(), null,
                r.fernetToken(), r.fernetKey(), r.scopes(), verify);
        Checked c = httpApi(fixed, label, scopes, fernet, errors);
        return new Checked(r.kind(), c.label(), c.baseUrl(), auth, headerName, null, c.scopes(), c.verifyPath(), c.fernet());
    }

    /**
     * An OpenAI-compatible model endpoint: the base URL is required (the address the server's chat completions lie
     * under, such as {@code https://llm.internal.example/v1}); the key is optional and goes as a bearer token. Without a
     * key nothing is stored in the vault. A private address is reached only when the operator allowed its range in
     * {@code charter.egress.allowed-private-ranges}; the egress gateway checks that on every request.
     */
    private Checked modelEndpoint(NewConnection r, String label, List<String> scopes, boolean fernet,
                                  Map<String, String> errors) {
        if (r.baseUrl() == null || r.baseUrl().isBlank()) {
            errors.put("baseUrl", "Give the endpoint's base URL, the part before /chat/completions, for example "
                    + "https://llm.internal.example/v1.");
            return new Checked(r.kind(), label, null, AuthScheme.NONE, null, null, scopes, null, false);
        }
        boolean keyed = present(r.secret()) || fernet;
        String verify = r.verifyPath() == null || r.verifyPath().isBlank() ? "/models" : r.verifyPath();
        NewConnection fixed = new NewConnection(r.kind(), r.label(), r.baseUrl(), AuthScheme.BEARER, null, null,
                r.secret(), null, r.fernetToken(), r.fernetKey(), r.scopes(), verify);
        Checked c = httpApi(fixed, label, scopes, fernet, errors);
        if (!keyed) {
            errors.remove("secret"); // the key is optional: its absence is no error
        }
        if (c.baseUrl() != null && c.baseUrl().getRawPath() != null && c.baseUrl().getRawPath().endsWith("/chat/completions")) {
            errors.put("baseUrl", "Give the base URL without /chat/completions; Charter adds it.");
        }
        return new Checked(r.kind(), c.label(), c.baseUrl(), keyed ? AuthScheme.BEARER : AuthScheme.NONE, null, null,
                c.scopes(), keyed ? c.verifyPath() : null, c.fernet());
    }

    /**
     * An AWS access key for Bedrock: the access key id (field {@code username}), the secret access key ({@code secret})
     * and the region ({@code region}, passed as {@code headerName}, for example {@code eu-central-1}; taken from the base URL when it is AWS's
     * {@code bedrock-runtime.<region>.amazonaws.com}). The base URL defaults to that of the region.
     */
    private Checked bedrock(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        String region = r.headerName() == null ? "" : r.headerName().strip().toLowerCase(Locale.ROOT);
        String base = r.baseUrl() == null || r.baseUrl().isBlank() ? null : r.baseUrl().strip();
        if (region.isEmpty() && base != null) {
            try {
                String host = new URI(base).getHost();
                java.util.regex.Matcher m = BEDROCK_HOST.matcher(host == null ? "" : host);
                region = m.matches() ? m.group(1) : "";
            } catch (URISyntaxException e) {
                // the URL check below says what is wrong with it
            }
        }
        if (!REGION.matcher(region).matches()) {
            errors.put("region", "Give the AWS region the model runs in, for example eu-central-1.");
        }
        if (base == null && REGION.matcher(region).matches()) {
            base = "https://bedrock-runtime." + region + ".amazonaws.com";
        }
        String keyId = r.username() == null ? "" : r.username().strip();
        if (!ACCESS_KEY_ID.matcher(keyId).matches()) {
            errors.put("username", "Give the access key id (16 to 128 letters and digits, such as AKIA…).");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; for an AWS key paste the secret access key.");
        }
        credential(r.secret(), false, r, errors, "secret", "Give the secret access key.");
        URI uri = base == null ? null : url("baseUrl", base, errors);
        return new Checked(r.kind(), label, uri, AuthScheme.AWS_SIGV4, region + "/bedrock", keyId, scopes, null, false);
    }

    /**
     * Anthropic on Google Vertex AI: the project, region and model (passed together as {@code headerName},
     * {@code <project>/<region>/<model>}), and the service account's JSON key as {@code secret}, which may span lines
     * as the downloaded file does. Its {@code token_uri} is not kept apart nor used: egress exchanges the key at the
     * token endpoint the operator configured. The base URL defaults to the region's
     * {@code <region>-aiplatform.googleapis.com}.
     */
    private Checked vertex(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        String[] parts = (r.headerName() == null ? "" : r.headerName()).split("/", -1);
        String project = parts.length > 0 ? parts[0].strip() : "";
        String region = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "";
        String model = parts.length > 2 ? parts[2].strip() : "";
        if (parts.length > 3 || !GCP_PROJECT.matcher(project).matches()) {
            errors.put("project", "Give the Google Cloud project id (6 to 30 lower-case letters, digits and hyphens).");
        }
        if (!GCP_REGION.matcher(region).matches()) {
            errors.put("region", "Give the Vertex AI region the model runs in, for example europe-west1, or global.");
        }
        if (!VERTEX_MODEL.matcher(model).matches()) {
            errors.put("model", "Give the model id as Vertex AI names it, for example claude-sonnet-4-5@20250929.");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; for Vertex AI paste the service account's JSON key.");
        }
        if (!present(r.secret())) {
            errors.put("secret", "Paste the service account's JSON key.");
        } else if (r.secret().length() > 16384) {
            errors.put("secret", "The key is longer than 16384 characters; paste the service account's JSON key file.");
        } else if (!serviceAccountKey(r.secret())) {
            errors.put("secret", "This is not a service account's JSON key: it needs \"type\": \"service_account\", "
                    + "client_email and a private_key in PEM (BEGIN PRIVATE KEY).");
        }
        String base = r.baseUrl() == null || r.baseUrl().isBlank() ? null : r.baseUrl().strip();
        if (base == null && GCP_REGION.matcher(region).matches()) {
            base = region.equals("global") ? "https://aiplatform.googleapis.com"
                    : "https://" + region + "-aiplatform.googleapis.com";
        }
        URI uri = base == null ? null : url("baseUrl", base, errors);
        return new Checked(r.kind(), label, uri, AuthScheme.GOOGLE_SERVICE_ACCOUNT, project + "/" + region + "/" + model,
                null, scopes, null, false);
    }

    /** True when {@code secret} is JSON with the fields of a service account key; never says what it holds. */
    private static boolean serviceAccountKey(SecretValue secret) {
        byte[] bytes = secret.utf8();
        try {
            tools.jackson.databind.JsonNode key = tools.jackson.databind.json.JsonMapper.builder().build().readTree(bytes);
            return key != null && key.isObject() && "service_account".equals(key.path("type").asString(""))
                    && key.path("client_email").asString("").contains("@")
                    && key.path("private_key").asString("").contains("-----BEGIN PRIVATE KEY-----");
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * An SMTP server: host, port, security (STARTTLS by default), user name, password and a sender address. Plain
     * SMTP (no TLS) is accepted only for the hosts the operator allowed plain connections to
     * ({@code charter.connectors.http-allowed-hosts}); the egress gateway also refuses it to any address outside
     * {@code charter.egress.allowed-private-ranges}.
     */
    private Checked smtp(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        SmtpSecurity security = r.security() == null ? SmtpSecurity.STARTTLS : r.security();
        String host = r.host() == null ? "" : r.host().strip();
        SmtpServer server = null;
        if (host.isEmpty() || !SMTP_HOST.matcher(host).matches()) {
            errors.put("host", "Give the SMTP server's host name, for example smtp.example.com.");
        } else {
            int port = r.port() != null ? r.port() : security == SmtpSecurity.TLS ? 465 : 587;
            if (port < 1 || port > 65535) {
                errors.put("port", "Give a port between 1 and 65535 (usually 587 for STARTTLS, 465 for TLS).");
            } else {
                server = new SmtpServer(host, port, security);
                if (security == SmtpSecurity.PLAIN && !settings.allowsHttp(server.host())) {
                    errors.put("security", "Use STARTTLS or TLS: without TLS the password and the mail would cross the "
                            + "network readable. Plain SMTP is only for a relay the operator allowed.");
                }
            }
        }
        String username = r.username() == null ? "" : r.username().strip();
        if (username.isEmpty() || username.length() > 200 || username.contains(":")
                || username.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.put("username", "Give the user name (up to 200 characters, without a colon).");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; for an SMTP server type the password.");
        }
        credential(r.secret(), false, r, errors, "secret", "Give the password.");
        String from = r.from() == null ? "" : r.from().strip();
        if (!MAIL_ADDRESS.matcher(from).matches()) {
            errors.put("from", "Give the sender address mail goes out from, for example orders@shop.example.");
        }
        return new Checked(ConnectionKind.SMTP_SERVER, label, server == null ? null : server.uri(), AuthScheme.BASIC, null,
                username, scopes, null, false, security, from);
    }

    /**
     * An IMAP server: host, port, security (TLS from the start by default), user name and password. The same rules
     * as SMTP for plain connections; the security modes have the same names.
     */
    private Checked imap(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        ImapSecurity security = r.security() == null ? ImapSecurity.TLS : ImapSecurity.valueOf(r.security().name());
        String host = r.host() == null ? "" : r.host().strip();
        ImapServer server = null;
        if (host.isEmpty() || !SMTP_HOST.matcher(host).matches()) {
            errors.put("host", "Give the IMAP server's host name, for example imap.example.com.");
        } else {
            int port = r.port() != null ? r.port() : security == ImapSecurity.TLS ? 993 : 143;
            if (port < 1 || port > 65535) {
                errors.put("port", "Give a port between 1 and 65535 (usually 993 for TLS, 143 for STARTTLS).");
            } else {
                server = new ImapServer(host, port, security);
                if (security == ImapSecurity.PLAIN && !settings.allowsHttp(server.host())) {
                    errors.put("security", "Use TLS or STARTTLS: without TLS the password and the mail would cross the "
                            + "network readable. Plain IMAP is only for a server the operator allowed.");
                }
            }
        }
        String username = r.username() == null ? "" : r.username().strip();
        if (username.isEmpty() || username.length() > 200 || username.contains(":")
                || username.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.put("username", "Give the user name (up to 200 characters, without a colon).");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; for an IMAP server type the password.");
        }
        credential(r.secret(), false, r, errors, "secret", "Give the password.");
        return new Checked(ConnectionKind.IMAP_SERVER, label, server == null ? null : server.uri(), AuthScheme.BASIC, null,
                username, scopes, null, false, null, null, security);
    }

    private Checked webhook(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        URI base = null;
        if (fernet) {
            errors.put("fernetToken", "Paste the webhook URL itself: Charter needs its host to know where it may be sent.");
        }
        if (!present(r.webhookUrl())) {
            errors.put("webhookUrl", "Paste the incoming-webhook URL the service gave you.");
        } else {
            // the URL is the secret: parse it, keep only scheme, host and port, and never echo it
            URI full = url("webhookUrl", new String(r.webhookUrl().chars()), errors);
            if (full != null) {
                String path = full.getRawPath();
                if (path == null || path.length() < 2) {
                    errors.put("webhookUrl", "This URL has no path: paste the whole webhook URL.");
                } else if (r.kind() == ConnectionKind.SLACK_WEBHOOK && !path.startsWith("/services/")) {
                    errors.put("webhookUrl", "A Slack incoming-webhook URL looks like https://hooks.slack.com/services/…; "
                            + "paste the whole URL Slack gave you.");
                } else if (full.getRawUserInfo() != null || full.getRawFragment() != null) {
                    errors.put("webhookUrl", "The webhook URL must not contain a user name or a fragment.");
                } else {
                    base = URI.create(full.getScheme() + "://" + full.getRawAuthority() + "/");
                }
            }
        }
        return new Checked(r.kind(), label, base, AuthScheme.URL, null, null, scopes, null, false);
    }

    private static void credential(SecretValue secret, boolean fernet, NewConnection r, Map<String, String> errors,
                                   String field, String missing) {
        if (fernet) {
            if (present(secret)) {
                errors.put(field, "Give either the credential or a Fernet token with its key, not both.");
            }
            if (!present(r.fernetToken())) {
                errors.put("fernetToken", "Paste the Fernet token to import.");
            }
            if (!present(r.fernetKey())) {
                errors.put("fernetKey", "Paste the Fernet key the token was made with.");
            }
        } else if (!present(secret)) {
            errors.put(field, missing);
        } else if (secret.length() > 8192) {
            errors.put(field, "The credential is longer than 8192 characters; check what was pasted.");
        } else if (hasLineBreak(secret)) {
            errors.put(field, "The credential contains a line break; paste it on one line.");
        }
    }

    static final String ZOOM_API = "https://api.zoom.us/v2";
    static final String ZOOM_TOKEN = "https://zoom.us/oauth/token";
    static final String GRAPH_API = "https://graph.microsoft.com/v1.0";
    static final String GRAPH_LOGIN = "https://login.microsoftonline.com";
    static final String AIRCALL_API = "https://api.aircall.io/v1";
    private static final Pattern ZOOM_ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{4,64}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.-]{3,64}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{4,128}");

    /**
     * Zoom (Server-to-Server OAuth) or Microsoft Teams (Graph): the account or tenant id ({@code headerName}, as
     * Bedrock's region), client id ({@code username}) and client secret ({@code secret}). The API's base URL defaults to
     * the provider's; the token endpoint is the provider's too, or, when another base URL is given (a proxy, a local
     * fake), the same path on that base URL's origin ({@code /oauth/token} for Zoom,
     * {@code /<tenant>/oauth2/v2.0/token} for Graph). The stored parameter is the token endpoint with the grant.
     */
    private Checked clientCredentials(NewConnection r, String label, List<String> scopes, boolean fernet,
                                      Map<String, String> errors) {
        boolean zoom = r.kind() == ConnectionKind.ZOOM;
        String account = r.headerName() == null ? "" : r.headerName().strip();
        if (!(zoom ? ZOOM_ACCOUNT : TENANT).matcher(account).matches()) {
            errors.put("headerName", zoom ? "Give the Zoom account id of the Server-to-Server OAuth app."
                    : "Give the Microsoft Entra tenant id (or its domain name) of the app registration.");
        }
        String clientId = r.username() == null ? "" : r.username().strip();
        if (!CLIENT_ID.matcher(clientId).matches()) {
            errors.put("username", "Give the app's client id (letters, digits, dots, dashes).");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; paste the client secret.");
        }
        credential(r.secret(), false, r, errors, "secret", "Give the app's client secret.");
        String defaultBase = zoom ? ZOOM_API : GRAPH_API;
        boolean own = r.baseUrl() == null || r.baseUrl().isBlank();
        URI base = url("baseUrl", own ? defaultBase : r.baseUrl(), errors);
        if (base != null && (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null)) {
            errors.put("baseUrl", "Give the base URL without user name, query or fragment.");
        }
        String tokenEndpoint = null;
        if (base != null && errors.isEmpty()) {
            String origin = base.getScheme() + "://" + base.getRawAuthority();
            String encoded = java.net.URLEncoder.encode(account, java.nio.charset.StandardCharsets.UTF_8);
            tokenEndpoint = zoom
                    ? (own ? ZOOM_TOKEN : origin + "/oauth/token") + "?grant_type=account_credentials&account_id=" + encoded
                    : (own ? GRAPH_LOGIN : origin) + "/" + encoded + "/oauth2/v2.0/token?grant_type=client_credentials"
                            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
        }
        return new Checked(r.kind(), label, base, AuthScheme.OAUTH2_CLIENT_CREDENTIALS, tokenEndpoint, clientId, scopes,
                zoom ? "/users/me" : null, false);
    }

    /** Aircall: API id ({@code username}) and API token ({@code secret}) as basic auth; checked with {@code GET /ping}. */
    private Checked aircall(NewConnection r, String label, List<String> scopes, boolean fernet, Map<String, String> errors) {
        String apiId = r.username() == null ? "" : r.username().strip();
        if (!CLIENT_ID.matcher(apiId).matches()) {
            errors.put("username", "Give the Aircall API id.");
        }
        if (fernet) {
            errors.put("fernetToken", "Fernet import is for tokens and keys; paste the API token.");
        }
        credential(r.secret(), false, r, errors, "secret", "Give the Aircall API token.");
        URI base = url("baseUrl", r.baseUrl() == null || r.baseUrl().isBlank() ? AIRCALL_API : r.baseUrl(), errors);
        return new Checked(r.kind(), label, base, AuthScheme.BASIC, null, apiId, scopes, "/ping", false);
    }

    /** The schemes a URL may start with, in words: http only where the operator allowed it for development. */
    private String schemes() {
        List<String> hosts = httpHosts();
        return hosts.isEmpty() ? "https://" : "https:// (or http:// for " + String.join(", ", hosts) + ")";
    }

    private List<String> httpHosts() {
        return settings.httpAllowedHosts().stream().filter(h -> h != null && !h.isBlank()).toList();
    }

    /** An absolute http(s) URL with a host; https unless the host is allowed for development. Errors never echo it. */
    URI url(String field, String value, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            errors.put(field, "Give the URL, starting with " + schemes() + ".");
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                errors.put(field, "This is not a web address: it must start with " + schemes() + " and name a host.");
                return null;
            }
            if (scheme.equals("http") && !settings.allowsHttp(uri.getHost())) {
                errors.put(field, "Use https: plain http would send the credential readable on the network"
                        + (httpHosts().isEmpty() ? "." : " (this server allows it only for "
                        + String.join(", ", httpHosts()) + ", for development)."));
                return null;
            }
            if (uri.toString().length() > 2000) {
                errors.put(field, "The URL is longer than 2000 characters.");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.put(field, "This is not a valid URL (check for spaces or unusual characters).");
            return null;
        }
    }

    private static List<String> scopes(List<String> given, Map<String, String> errors) {
        if (given == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : given) {
            for (String part : (s == null ? "" : s).trim().split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!SCOPE.matcher(part).matches()) {
                    errors.put("scopes", "Scopes are words without spaces or quotes, such as repo or read:issues.");
                    return List.of();
                }
                if (!out.contains(part)) {
                    out.add(part);
                }
            }
        }
        if (out.size() > 50 || String.join(" ", out).length() > 2000) {
            errors.put("scopes", "Record at most 50 scopes.");
        }
        return List.copyOf(out);
    }

    private static boolean present(SecretValue v) {
        return v != null && !v.isBlank();
    }

    private static boolean hasLineBreak(SecretValue v) {
        char[] chars = v.chars();
        try {
            for (char c : chars) {
                if (c == '\n' || c == '\r') {
                    return true;
                }
            }
            return false;
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }
}
