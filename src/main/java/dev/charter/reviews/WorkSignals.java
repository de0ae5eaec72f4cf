package dev.charter.reviews;

import dev.charter.connectors.ConnectionId;
import dev.charter.identity.CurrentUser;
import dev.charter.shared.OrgId;
import java.util.List;

/**
 * Reading work signals from a connected tool and listing them. A pass goes through every page the provider offers
 * for one scope, starting after the last complete pass's watermark; each page's signals are stored in one
 * transaction with the position of the next page, so a pass that stops (a failure, a restart, a provider's rate
 * limit) goes on from there, and the watermark moves when the pass is complete.
 */
public interface WorkSignals {

    /**
     * Reads one scope of a connection (admin): a repository {@code owner/name} for GitHub, a JQL filter for Jira
     * (for example {@code project = ENG}), a channel id for Slack, a Gmail search ({@code in:sent}) for Gmail.
     *
     * @return how many signals were stored or updated
     */
    int read(CurrentUser me, ConnectionId connection, String scope);

    /**
     * Keeps one scope of a connection in sync (admin): runs a pass now on the job queue and then every
     * {@code every} (at least 15 minutes, at most 7 days), or only on demand when {@code every} is null. A scope
     * already kept gets the new schedule.
     */
    SignalSync schedule(CurrentUser me, ConnectionId connection, String scope, java.time.Duration every);

    /** Runs a sync's pass now on the job queue (admin); a pass that stopped part way goes on from its page. */
    SignalSync runNow(CurrentUser me, java.util.UUID sync);

    /** Stops keeping a scope in sync (admin): its schedule and position go; the signals stay. */
    void deleteSync(CurrentUser me, java.util.UUID sync);

    /** The organization's syncs, by connection and scope. */
    List<SignalSync> syncs(OrgId org);

    /** The organization's signals, newest first, at most {@code limit}. */
    List<Signal> list(OrgId org, int limit);

    /** Whether email subjects are kept for this organization (off by default). */
    boolean emailSubjects(OrgId org);

    /** Turns the keeping of email subjects on or off (admin; audited). */
    void setEmailSubjects(CurrentUser me, boolean on);
}
