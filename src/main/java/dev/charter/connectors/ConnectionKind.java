package dev.charter.connectors;

/** The kinds of connection Charter offers. */
public enum ConnectionKind {
    /** An HTTP API with a base URL and a credential attached as bearer token, basic auth or a named header. */
    HTTP_API("HTTP API", "connectors.http-api"),
    /** An incoming-webhook URL (Slack, Teams, Discord…): the whole URL is the secret. */
    INCOMING_WEBHOOK("Incoming webhook URL", "connectors.webhook");

    private final String title;
    private final String vaultPurpose;

    ConnectionKind(String title, String vaultPurpose) {
        this.title = title;
        this.vaultPurpose = vaultPurpose;
    }

    public String title() {
        return title;
    }

    /** The purpose its credential is stored under in the vault. */
    public String vaultPurpose() {
        return vaultPurpose;
    }
}
