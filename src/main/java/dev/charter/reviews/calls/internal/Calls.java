package dev.charter.reviews.calls.internal;

import dev.charter.identity.CurrentUser;
import dev.charter.jobs.JobQueue;
import dev.charter.jobs.NewJob;
import dev.charter.shared.ConflictException;
import dev.charter.shared.InvalidInputException;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls of an organization: intake (from a provider's webhook or an admin's request), listing, one call's
 * analysis. Intake stores a call only while call analysis is on (REV-4), checked under a lock on the settings row in
 * the same transaction; the analysis runs on the job queue ({@link CallAnalysisJob}).
 */
@Service
public class Calls {

    static final String QUEUE = "reviews.calls-analyse";
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Pattern TEAMS_MEETING = Pattern.compile("[A-Za-z0-9_=+/:.@-]{8,400}");

    private final CallRepository calls;
    private final CallSettingsRepository settings;
    private final JobQueue jobs;
    private final Clock clock;
    private final TransactionTemplate tx;

    Calls(CallRepository calls, CallSettingsRepository settings, JobQueue jobs, Clock clock,
          PlatformTransactionManager transactions) {
        this.calls = calls;
        this.settings = settings;
        this.jobs = jobs;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    public List<Call> list(OrgId org) {
        return calls.list(org, 500);
    }

    public Optional<Call> find(OrgId org, UUID id) {
        return calls.find(org, id);
    }

    /** The stored analysis as a JSON tree, or null for a call that was not analysed. */
    public static Object analysis(Call c) {
        return c.analysis() == null ? null : json.readValue(c.analysis(), Object.class);
    }

    /**
     * Stores a received call as pending and queues its analysis, in one transaction, if call analysis is on.
     *
     * @param job what the analysis job needs besides the call (a transcript's download address); never transcript text
     * @return the new call's id; empty when analysis is off (nothing stored) or the call was received before
     */
    Optional<UUID> receive(OrgId org, String provider, String externalId, String hostEmail, Instant startedAt,
                           Integer durationSeconds, ObjectNode job) {
        return tx.execute(s -> {
            if (!settings.forIntake(org).enabled()) {
                return Optional.<UUID>empty();
            }
            Optional<UUID> id = calls.insertPending(org, provider, externalId, hostEmail, startedAt, durationSeconds,
                    clock.instant());
            id.ifPresent(callId -> {
                ObjectNode payload = job.deepCopy();
                payload.put("callId", callId.toString());
                jobs.enqueue(NewJob.of(org, QUEUE, payload.toString()).attempts(4).dedupe(callId.toString()));
            });
            return id;
        });
    }

    /** An admin asks for a Teams meeting's transcript to be analysed; refused while call analysis is off. */
    public UUID requestTeamsMeeting(CurrentUser me, String meetingId) {
        me.requireAdmin();
        CallSettings s = settings.get(me.orgId());
        if (!s.enabled()) {
            throw new ConflictException("Call analysis is off for this organization; an admin can turn it on in the call "
                    + "settings by giving the consent attestation.");
        }
        if (s.teamsConnectionId() == null) {
            throw new ConflictException("No Microsoft Teams connection is chosen in the call settings.");
        }
        String id = meetingId == null ? "" : meetingId.strip();
        if (!TEAMS_MEETING.matcher(id).matches()) {
            throw new InvalidInputException("meetingId", "Give the online meeting's id as Graph shows it.");
        }
        return receive(me.orgId(), "TEAMS", id, null, null, null, json.createObjectNode())
                .orElseThrow(() -> new ConflictException("This meeting was received before, or call analysis was just "
                        + "turned off."));
    }
}
