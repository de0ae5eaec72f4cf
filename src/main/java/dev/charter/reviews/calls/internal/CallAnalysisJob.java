package dev.charter.reviews.calls.internal;

import dev.charter.connectors.Connection;
import dev.charter.connectors.ConnectionId;
import dev.charter.connectors.Connections;
import dev.charter.identity.Members;
import dev.charter.jobs.Job;
import dev.charter.jobs.JobHandler;
import dev.charter.jobs.PermanentJobFailure;
import dev.charter.reviews.calls.CallSignal;
import dev.charter.reviews.calls.internal.InternalMeetingRule.Attendee;
import dev.charter.reviews.calls.internal.InternalMeetingRule.Decision;
import dev.charter.reviews.calls.internal.Transcripts.Utterance;
import dev.charter.shared.OrgId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Analyses one received call: reads its attendees, applies the internal-meeting rule (REV-6), finds the reviewee
 * (the member whose email is the host's or agent's), then reads the transcript the provider produced (REV-5), analyses
 * it in memory and stores the analysis and its call signals in one transaction. The transcript is dropped when this
 * returns; it is never stored or logged. Skipped calls are stored as skipped, with the reason.
 */
@Component
class CallAnalysisJob implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(CallAnalysisJob.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    private final CallRepository calls;
    private final CallSettingsRepository settings;
    private final Connections connections;
    private final ProviderClients clients;
    private final CallAnalyzer analyzer;
    private final Members members;
    private final Clock clock;
    private final TransactionTemplate tx;

    CallAnalysisJob(CallRepository calls, CallSettingsRepository settings, Connections connections, ProviderClients clients,
                    CallAnalyzer analyzer, Members members, Clock clock, PlatformTransactionManager transactions) {
        this.calls = calls;
        this.settings = settings;
        this.connections = connections;
        this.clients = clients;
        this.analyzer = analyzer;
        this.members = members;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String queue() {
        return Calls.QUEUE;
    }

    @Override
    public int concurrency() {
        return 2;
    }

    @Override
    public void handle(Job job) {
        JsonNode payload = json.readTree(job.payload());
        OrgId org = job.org();
        UUID id = UUID.fromString(payload.path("callId").asString());
        Optional<Call> found = calls.find(org, id);
        if (found.isEmpty() || !found.get().status().equals("PENDING")) {
            return; // deleted meanwhile, or done
        }
        Call call = found.get();
        try {
            analyse(org, call, payload);
        } catch (PermanentJobFailure e) {
            calls.failed(org, id, e.getMessage(), clock.instant());
            throw e;
        } catch (RuntimeException e) {
            if (job.lastAttempt()) {
                calls.failed(org, id, "The provider could not be read: " + e.getMessage(), clock.instant());
            }
            throw e;
        }
    }

    private void analyse(OrgId org, Call call, JsonNode payload) {
        CallSettings s = settings.get(org);
        if (!s.enabled()) {
            calls.skipped(org, call.id(), "Skipped: call analysis was turned off before this call was analysed.", clock.instant());
            return;
        }
        InternalMeetingRule rule = new InternalMeetingRule(s.internalDomains());
        String speaker;
        String hostEmail = call.hostEmail();
        Instant startedAt = call.startedAt();
        Decision decision;
        List<Utterance> transcript;
        switch (call.provider()) {
            case "ZOOM" -> {
                Connection zoom = connection(org, s.zoomConnectionId(), "Zoom");
                List<Attendee> attendees = clients.zoomParticipants(org, zoom, call.externalId());
                decision = rule.meeting(attendees);
                if (!decided(org, call, decision)) {
                    return;
                }
                UUID reviewee = reviewee(org, call, hostEmail);
                if (reviewee == null) {
                    return;
                }
                speaker = attendees.stream().filter(a -> a.email() != null && a.email().equalsIgnoreCase(hostEmail))
                        .map(Attendee::name).filter(n -> n != null).findFirst().orElse(memberName(org, reviewee));
                transcript = clients.zoomTranscript(org, zoom, payload.path("downloadUrl").asString());
                store(org, call, reviewee, speaker, transcript, startedAt);
            }
            case "AIRCALL" -> {
                Connection aircall = connection(org, s.aircallConnectionId(), "Aircall");
                long callId = Long.parseLong(call.externalId());
                ProviderClients.AircallCall facts = clients.aircallCall(org, aircall, callId);
                decided(org, call, InternalMeetingRule.aircall());
                UUID reviewee = reviewee(org, call, facts.agentEmail());
                if (reviewee == null) {
                    return;
                }
                transcript = clients.aircallTranscription(org, aircall, callId);
                store(org, call, reviewee, null, transcript, facts.startedAt() != null ? facts.startedAt() : startedAt);
            }
            case "TEAMS" -> {
                Connection teams = connection(org, s.teamsConnectionId(), "Microsoft Teams");
                ProviderClients.TeamsMeeting meeting = clients.teamsMeeting(org, teams, call.externalId());
                decision = rule.meeting(meeting.attendees());
                if (!decided(org, call, decision)) {
                    return;
                }
                UUID reviewee = reviewee(org, call, meeting.organizerEmail());
                if (reviewee == null) {
                    return;
                }
                transcript = clients.teamsTranscript(org, teams, call.externalId());
                if (transcript.isEmpty()) {
                    calls.skipped(org, call.id(), "Skipped: Teams has no transcript for this meeting.", clock.instant());
                    return;
                }
                speaker = meeting.organizerName() != null ? meeting.organizerName() : memberName(org, reviewee);
                store(org, call, reviewee, speaker, transcript, meeting.startedAt() != null ? meeting.startedAt() : startedAt);
            }
            default -> throw new PermanentJobFailure("unknown provider");
        }
    }

    /** Records the attendee counts; for a skipped meeting also the reason. Answers whether to go on. */
    private boolean decided(OrgId org, Call call, Decision d) {
        calls.attendees(org, call.id(), d.internal(), d.external(), d.unknown());
        if (!d.analyse()) {
            calls.skipped(org, call.id(), d.reason(), clock.instant());
        }
        return d.analyse();
    }

    private UUID reviewee(OrgId org, Call call, String email) {
        if (email != null) {
            for (var m : members.of(org)) {
                if (m.email() != null && m.email().equalsIgnoreCase(email.strip())) {
                    return m.id().value();
                }
            }
        }
        calls.skipped(org, call.id(), email == null ? "Skipped: the provider named no host for this call."
                : "Skipped: the host " + email + " is not a member of this organization, so there is no reviewee.", clock.instant());
        return null;
    }

    private String memberName(OrgId org, UUID id) {
        return members.of(org).stream().filter(m -> m.id().value().equals(id)).map(Members.Member::displayName)
                .findFirst().orElse(null);
    }

    private Connection connection(OrgId org, UUID id, String name) {
        if (id == null) {
            throw new PermanentJobFailure("No " + name + " connection is chosen in the call settings.");
        }
        Connection c = connections.find(org, new ConnectionId(id)).orElse(null);
        if (c == null || !c.usable()) {
            throw new PermanentJobFailure("The " + name + " connection of the call settings is revoked or gone.");
        }
        return c;
    }

    private void store(OrgId org, Call call, UUID reviewee, String speaker, List<Utterance> transcript, Instant startedAt) {
        CallAnalyzer.Analysis a = analyzer.analyse(org, transcript, speaker);
        Instant at = startedAt != null ? startedAt : call.receivedAt();
        List<CallSignal> signals = signals(call.id(), reviewee, a, at);
        String analysis = json(a, transcript).toString();
        tx.executeWithoutResult(s -> {
            if (!settings.forIntake(org).enabled()) {
                calls.skipped(org, call.id(), "Skipped: call analysis was turned off while this call was analysed.",
                        clock.instant());
                return;
            }
            if (calls.analysed(org, call.id(), reviewee, analysis, clock.instant())) {
                calls.insertSignals(org, signals, clock.instant());
            }
        });
        log.info("Call {} analysed: {} utterances, {} signals", call.id(), transcript.size(), signals.size());
    }

    static List<CallSignal> signals(UUID call, UUID person, CallAnalyzer.Analysis a, Instant at) {
        List<CallSignal> out = new ArrayList<>();
        CallAnalyzer.Speaker me = a.revieweeSpeaker();
        if (me != null) {
            out.add(new CallSignal(UUID.randomUUID(), call, person, "TALK_RATIO", Double.toString(me.share()), at));
            out.add(new CallSignal(UUID.randomUUID(), call, person, "LONGEST_MONOLOGUE_SECONDS",
                    Double.toString(me.longestMonologueSeconds()), at));
            out.add(new CallSignal(UUID.randomUUID(), call, person, "QUESTIONS_ASKED", Integer.toString(me.questions()), at));
        }
        out.add(new CallSignal(UUID.randomUUID(), call, person, "SENTIMENT", a.sentiment().toLowerCase(Locale.ROOT), at));
        a.topics().forEach(t -> out.add(new CallSignal(UUID.randomUUID(), call, person, "TOPIC", t, at)));
        a.nextSteps().forEach(t -> out.add(new CallSignal(UUID.randomUUID(), call, person, "NEXT_STEP", t, at)));
        return out;
    }

    private static ObjectNode json(CallAnalyzer.Analysis a, List<Utterance> transcript) {
        ObjectNode o = json.createObjectNode();
        ArrayNode speakers = o.putArray("speakers");
        for (CallAnalyzer.Speaker s : a.speakers()) {
            speakers.addObject().put("name", s.name()).put("talkSeconds", s.talkSeconds()).put("share", s.share())
                    .put("longestMonologueSeconds", s.longestMonologueSeconds()).put("questions", s.questions())
                    .put("utterances", s.utterances());
        }
        o.put("reviewee", a.reviewee());
        o.putObject("sentiment").put("value", a.sentiment()).put("confidence", Math.round(a.sentimentConfidence() * 100) / 100.0)
                .put("model", a.sentimentModel()).put("of", a.reviewee() == null ? "the whole call" : "the other party");
        ArrayNode topics = o.putArray("topics");
        a.topics().forEach(topics::add);
        ArrayNode steps = o.putArray("nextSteps");
        a.nextSteps().forEach(steps::add);
        o.put("topicsBy", a.topicsBy());
        o.put("utterances", transcript.size());
        return o;
    }
}
