package dev.charter.reviews.calls.internal;

import dev.charter.connectors.Connection;
import dev.charter.egress.CredentialUse;
import dev.charter.egress.EgressGateway;
import dev.charter.egress.EgressRequest;
import dev.charter.egress.EgressResponse;
import dev.charter.jobs.PermanentJobFailure;
import dev.charter.reviews.calls.internal.InternalMeetingRule.Attendee;
import dev.charter.reviews.calls.internal.Transcripts.Utterance;
import dev.charter.shared.OrgId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call providers' APIs, through egress with each connection's credential. Each answer is read through an
 * allowlist of fields (attendee names and emails, host, times, transcript cues); everything else is dropped here.
 * Audio and video are never requested (REV-5), and the egress policies would refuse them.
 */
@Component
class ProviderClients {

    /** A call's facts as Aircall gives them. */
    record AircallCall(String agentEmail, Instant startedAt, Integer durationSeconds) {}

    /** A Teams meeting's facts. */
    record TeamsMeeting(String organizerEmail, String organizerName, Instant startedAt, List<Attendee> attendees) {}

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final int MAX_PAGES = 20;

    private final EgressGateway egress;

    ProviderClients(EgressGateway egress) {
        this.egress = egress;
    }

    // ---- Zoom ----

    /** {@code GET /past_meetings/{uuid}/participants}, every page: name and email of each participant. */
    List<Attendee> zoomParticipants(OrgId org, Connection zoom, String meetingUuid) {
        List<Attendee> out = new ArrayList<>();
        String next = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String url = base(zoom) + "/past_meetings/" + zoomUuid(meetingUuid) + "/participants?page_size=300"
                    + (next.isEmpty() ? "" : "&next_page_token=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            JsonNode body = getJson(org, CallsEgressPolicies.ZOOM, url, zoom.credentialUse(), "Zoom participants");
            for (JsonNode p : body.path("participants")) {
                out.add(new Attendee(text(p, "name"), text(p, "user_email")));
            }
            next = body.path("next_page_token").asString("");
            if (next.isEmpty()) {
                break;
            }
        }
        return out;
    }

    /**
     * Downloads one {@code TRANSCRIPT} recording file (WebVTT). The download goes with the connection's credential to
     * the recordings host only (Zoom's {@code zoom.us/rec/}, or the same origin as another base URL).
     */
    List<Utterance> zoomTranscript(OrgId org, Connection zoom, String downloadUrl) {
        URI download = URI.create(downloadUrl);
        URI host = zoomDownloadBase(zoom);
        if (!host.getScheme().equalsIgnoreCase(download.getScheme()) || !host.getAuthority().equalsIgnoreCase(download.getRawAuthority())
                || !download.getRawPath().startsWith("/rec/")) {
            throw new PermanentJobFailure("the transcript's address is not on Zoom's recordings host");
        }
        CredentialUse use = zoom.credentialUse();
        CredentialUse toDownloads = CredentialUse.oauth2ClientCredentials(use.ref(), use.headerName(), host);
        String vtt = get(org, CallsEgressPolicies.ZOOM, download.getScheme() + "://" + download.getRawAuthority()
                + download.getRawPath(), toDownloads, "text/vtt", "Zoom transcript");
        return vtt(vtt, "Zoom transcript");
    }

    static URI zoomDownloadBase(Connection zoom) {
        URI b = zoom.baseUrl();
        if ("api.zoom.us".equalsIgnoreCase(b.getHost())) {
            return URI.create("https://zoom.us/rec/");
        }
        return URI.create(b.getScheme() + "://" + b.getRawAuthority() + "/rec/");
    }

    /** Zoom asks for a meeting UUID that starts with / or contains // to be encoded twice; encoding twice is always safe. */
    static String zoomUuid(String uuid) {
        return URLEncoder.encode(URLEncoder.encode(uuid, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    // ---- Aircall ----

    AircallCall aircallCall(OrgId org, Connection aircall, long callId) {
        JsonNode call = getJson(org, CallsEgressPolicies.AIRCALL, base(aircall) + "/calls/" + callId, aircall.credentialUse(),
                "Aircall call").path("call");
        long started = call.path("started_at").asLong(0);
        return new AircallCall(text(call.path("user"), "email"), started == 0 ? null : Instant.ofEpochSecond(started),
                call.path("duration").isNumber() ? call.path("duration").asInt() : null);
    }

    List<Utterance> aircallTranscription(OrgId org, Connection aircall, long callId) {
        return Transcripts.aircall(getJson(org, CallsEgressPolicies.AIRCALL, base(aircall) + "/calls/" + callId + "/transcription",
                aircall.credentialUse(), "Aircall transcription"));
    }

    // ---- Microsoft Teams (Graph) ----

    TeamsMeeting teamsMeeting(OrgId org, Connection teams, String meetingId) {
        JsonNode m = getJson(org, CallsEgressPolicies.TEAMS, base(teams) + "/communications/onlineMeetings/"
                + URLEncoder.encode(meetingId, StandardCharsets.UTF_8), teams.credentialUse(), "Teams meeting");
        JsonNode participants = m.path("participants");
        JsonNode organizer = participants.path("organizer");
        List<Attendee> attendees = new ArrayList<>();
        attendees.add(new Attendee(organizer.path("identity").path("user").path("displayName").asString(null), text(organizer, "upn")));
        for (JsonNode a : participants.path("attendees")) {
            attendees.add(new Attendee(a.path("identity").path("user").path("displayName").asString(null), text(a, "upn")));
        }
        String start = m.path("startDateTime").asString("");
        Instant started = null;
        try {
            started = start.isEmpty() ? null : Instant.parse(start);
        } catch (java.time.format.DateTimeParseException e) {
            started = null;
        }
        return new TeamsMeeting(text(organizer, "upn"), organizer.path("identity").path("user").path("displayName").asString(null),
                started, attendees);
    }

    /** The meeting's first transcript, as {@code text/vtt}; empty list when the meeting has no transcript. */
    List<Utterance> teamsTranscript(OrgId org, Connection teams, String meetingId) {
        String meeting = base(teams) + "/communications/onlineMeetings/" + URLEncoder.encode(meetingId, StandardCharsets.UTF_8);
        JsonNode list = getJson(org, CallsEgressPolicies.TEAMS, meeting + "/transcripts", teams.credentialUse(), "Teams transcripts");
        JsonNode first = list.path("value").path(0);
        if (first.isMissingNode() || text(first, "id") == null) {
            return List.of();
        }
        String vtt = get(org, CallsEgressPolicies.TEAMS, meeting + "/transcripts/"
                + URLEncoder.encode(text(first, "id"), StandardCharsets.UTF_8) + "/content", teams.credentialUse(), "text/vtt",
                "Teams transcript");
        return vtt(vtt, "Teams transcript");
    }

    // ---- shared ----

    private static List<Utterance> vtt(String text, String what) {
        try {
            return Transcripts.vtt(text);
        } catch (IllegalArgumentException e) {
            throw new PermanentJobFailure(what + " is not a WebVTT file");
        }
    }

    private JsonNode getJson(OrgId org, String purpose, String url, CredentialUse credential, String what) {
        String body = get(org, purpose, url, credential, "application/json", what);
        try {
            return json.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(what + ": the answer is not JSON");
        }
    }

    private String get(OrgId org, String purpose, String url, CredentialUse credential, String accept, String what) {
        EgressResponse r = egress.send(EgressRequest.builder(purpose, org).get(url).header("Accept", accept)
                .credential(credential).build());
        if (r.status() == 404) {
            throw new PermanentJobFailure(what + ": the provider answered 404 (not found)");
        }
        if (r.status() == 401 || r.status() == 403) {
            throw new IllegalStateException(what + ": the provider refused the connection's credential (" + r.status() + ")");
        }
        if (!r.isSuccess()) {
            throw new IllegalStateException(what + ": the provider answered " + r.status());
        }
        return r.bodyAsString();
    }

    private static String base(Connection c) {
        String b = c.baseUrl().toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() && !v.asString().isBlank() ? v.asString().strip() : null;
    }
}
