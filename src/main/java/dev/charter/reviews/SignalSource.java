package dev.charter.reviews;

import dev.charter.connectors.ConnectionKind;
import java.util.Optional;

/** The tools signals come from, and the identity each one names a person by. */
public enum SignalSource {
    /** Pull requests; identity: the GitHub login. */
    GITHUB("GitHub login"),
    /** Issues and their status changes; identity: the Atlassian account id. */
    JIRA("Jira account"),
    /** Messages counted per person, channel and day; identity: the Slack user id. */
    SLACK("Slack user"),
    /** Email headers; identity: the sender's address. */
    GMAIL("email address"),
    /**
     * Results of analysed customer calls (Zoom, Aircall, Teams), derived for the member who took the call; never a
     * connection's work signal, and no identity is linked for it.
     */
    CALLS("member who took the call");

    private final String identityName;

    SignalSource(String identityName) {
        this.identityName = identityName;
    }

    public String identityName() {
        return identityName;
    }

    /** The source a connection of this kind feeds, if any. */
    public static Optional<SignalSource> of(ConnectionKind kind) {
        return Optional.ofNullable(switch (kind) {
            case GITHUB_OAUTH -> GITHUB;
            case JIRA_OAUTH, JIRA_API_TOKEN -> JIRA;
            case SLACK_OAUTH -> SLACK;
            case GMAIL_OAUTH -> GMAIL;
            default -> null;
        });
    }
}
