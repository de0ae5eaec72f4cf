package dev.charter.connectors;

/** The kinds of connection Charter offers. */
public enum ConnectionKind {
    /** An HTTP API with a base URL and a credential attached as bearer token, basic auth or a named header. */
    HTTP_API("HTTP API", "connectors.http-api", false),
    /** An incoming-webhook URL (Slack, Teams, Discord…): the whole URL is the secret. */
    INCOMING_WEBHOOK("Incoming webhook URL", "connectors.webhook", true),
    /** A Slack incoming webhook ({@code https://hooks.slack.com/services/…}): the whole URL is the secret. */
    SLACK_WEBHOOK("Slack incoming webhook", "connectors.webhook", true),
    /** A Resend API key, sent as a bearer token to Resend's API (base URL from the request or the settings). */
    RESEND_API_KEY("Resend API key", "connectors.http-api", false),
    /** An Anthropic API key, sent in the {@code x-api-key} header to Anthropic's API; used by the AI module. */
    ANTHROPIC_API_KEY("Anthropic API key", "connectors.http-api", false),
    /**
     * A model server that speaks the OpenAI chat completions API ({@code <base>/chat/completions}: vLLM, Ollama,
     * llama.cpp's server, LM Studio, gateways), with an optional key sent as a bearer token; used by the AI module.
     */
    OPENAI_COMPATIBLE("OpenAI-compatible model endpoint", "connectors.http-api", false),
    /**
     * An AWS access key for Amazon Bedrock's runtime API ({@code bedrock-runtime.<region>.amazonaws.com}), requests
     * signed with SigV4 inside egress; used by the AI module for Anthropic models on Bedrock.
     */
    AWS_BEDROCK("Amazon Bedrock (AWS access key)", "connectors.http-api", false),
    /**
     * A Google Cloud service account's JSON key for Anthropic models on Vertex AI ({@code <region>-aiplatform.googleapis.com}),
     * with the project, region and model; the key is exchanged for a short-lived token inside egress; used by the AI module.
     */
    GOOGLE_VERTEX("Anthropic on Google Vertex AI (service account key)", "connectors.http-api", false),
    /**
     * An SMTP server with a user name and password (stored together as {@code user:password}), a security mode and a
     * default sender; mail goes to it through the egress gateway's {@link dev.charter.egress.MailGateway}.
     */
    SMTP_SERVER("SMTP server", "connectors.smtp", false),
    /**
     * An IMAP server with a user name and password (stored together as {@code user:password}) and a security mode; a
     * mailbox is read from it through the egress gateway's {@link dev.charter.egress.MailboxGateway}.
     */
    IMAP_SERVER("IMAP server", "connectors.imap", false),
    /**
     * A Zoom Server-to-Server OAuth app: account id (kept as the connection's parameter), client id and client secret
     * (stored together as {@code id:secret}); egress mints the access token with the {@code account_credentials} grant.
     */
    ZOOM("Zoom (Server-to-Server OAuth)", "connectors.http-api", false),
    /** Aircall's public API: API id and API token, sent as basic auth. */
    AIRCALL("Aircall (API id and token)", "connectors.http-api", false),
    /**
     * Microsoft Graph for Teams: tenant id (the connection's parameter), client id and client secret of an app
     * registration; egress mints the access token with the {@code client_credentials} grant.
     */
    MS_TEAMS("Microsoft Teams (Graph, client credentials)", "connectors.http-api", false),
    /** GitHub through an OAuth app's authorization code flow (PKCE, state); the grant is in the vault. */
    GITHUB_OAUTH("GitHub (OAuth app)", "connectors.oauth", false),
    /** Jira Cloud through OAuth 2.0 (3LO) with rotating refresh tokens ({@code offline_access}). */
    JIRA_OAUTH("Jira Cloud (OAuth 2.0)", "connectors.oauth", false),
    /** Jira Cloud with an Atlassian API token and the account's email, as HTTP basic auth to the site's URL. */
    JIRA_API_TOKEN("Jira Cloud (API token)", "connectors.http-api", false),
    /** Slack through OAuth v2: a bot token. */
    SLACK_OAUTH("Slack (OAuth v2 bot)", "connectors.oauth", false),
    /** Gmail's API through Google's authorization code flow with PKCE, {@code gmail.metadata} scope, refresh token. */
    GMAIL_OAUTH("Gmail (Google OAuth)", "connectors.oauth", false);

    private final String title;
    private final String vaultPurpose;
    private final boolean webhook;

    ConnectionKind(String title, String vaultPurpose, boolean webhook) {
        this.title = title;
        this.vaultPurpose = vaultPurpose;
        this.webhook = webhook;
    }

    public String title() {
        return title;
    }

    /** The purpose its credential is stored under in the vault. */
    public String vaultPurpose() {
        return vaultPurpose;
    }

    /** The credential is the whole URL (its path is secret); only scheme, host and port are kept in the clear. */
    public boolean webhook() {
        return webhook;
    }

    /** Connected through the provider's OAuth authorization page ({@link OAuthConnections}), not a pasted key. */
    public boolean oauth() {
        return "connectors.oauth".equals(vaultPurpose);
    }
}
