package dev.charter.reviews;

import dev.charter.connectors.ConnectionId;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;

/**
 * Reading work signals from a connected tool and listing them. A read goes through every page the provider offers
 * for one scope, starting after the last read's watermark, and stores each page's signals with the new watermark
 * in one transaction.
 */
public interface WorkSignals {

    /**
     * Reads one scope of a connection (admin): a repository {@code owner/name} for GitHub, a JQL filter for Jira
     * (for example {@code project = ENG}), a channel id for Slack, a Gmail search ({@code in:sent}) for Gmail.
     *
     * @return how many signals were stored or updated
     */
    int read(CurrentUser me, ConnectionId connection, String scope);

    /** The organization's signals, newest first, at most {@code limit}. */
    List<Signal> list(OrgId org, int limit);

    /** Whether email subjects are kept for this organization (off by default). */
    boolean emailSubjects(OrgId org);

    /** Turns the keeping of email subjects on or off (admin; audited). */
    void setEmailSubjects(CurrentUser me, boolean on);
}
