package dev.charter.reviews.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.testing.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Aircall (basic auth; {@code transcription.created} with its token check; the call and its transcription) and
 * Microsoft Teams (Graph client credentials minted in egress; the meeting's participants, its transcripts and a
 * transcript's content as {@code text/vtt}) against local fakes with the providers' documented shapes.
 */
class AircallAndTeamsCallsTest extends CallsTestBase {

    @Test
    @Tag("claim:REV-6")
    void anAircallCallIsExternalAndIsAnalysedForItsAgent() {
        Tenant t = connectedTenant();
        enable(t);
        long id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        fakes.aircallCalls.put(id, """
                {"call":{"id":%d,"direct_link":"https://api.aircall.io/v1/calls/%d","direction":"inbound","status":"done",
                 "started_at":1764496800,"answered_at":1764496805,"ended_at":1764497400,"duration":600,
                 "raw_digits":"+33 1 23 45 67 89","recording":"%s/recordings/%d.mp3","voicemail":null,
                 "user":{"id":456,"name":"Agent Smith","email":"%s","available":true}}}""".formatted(id, id, fakes.base(), id, t.email()));
        fakes.aircallTranscriptions.put(id, """
                {"transcription":{"id":789,"call_id":%d,"call_created_at":"2026-11-30T10:00:00.000Z","type":"call",
                 "content":{"language":"en","utterances":[
                  {"start_time":0.5,"end_time":4.0,"text":"Hello, how can I help you today?","participant_type":"internal","user_id":456},
                  {"start_time":4.5,"end_time":12.0,"text":"My invoice is wrong and I am not happy.","participant_type":"external","phone_number":"+33123456789"},
                  {"start_time":12.5,"end_time":16.0,"text":"I will fix the invoice and send you a copy tomorrow.","participant_type":"internal","user_id":456}]}}}"""
                .formatted(id));
        var forged = aircallWebhook(t, "{\"resource\":\"transcription\",\"event\":\"transcription.created\",\"timestamp\":1764497500,"
                + "\"token\":\"wrong-token-value\",\"data\":{\"id\":789,\"call_id\":" + id + "}}");
        assertThat(forged.status()).isEqualTo(401);
        var r = aircallWebhook(t, "{\"resource\":\"transcription\",\"event\":\"transcription.created\",\"timestamp\":1764497500,"
                + "\"token\":\"" + AIRCALL_WEBHOOK_TOKEN + "\",\"data\":{\"id\":789,\"call_id\":" + id
                + ",\"call_created_at\":\"2026-11-30T10:00:00.000Z\",\"type\":\"call\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode call = settled(t, callId(t, "AIRCALL", 1));
        assertThat(call.get("status").asString()).as(call.toString()).isEqualTo("ANALYSED");
        assertThat(call.get("revieweeId").asString()).isEqualTo(t.user().toString());
        JsonNode analysis = call.get("analysis");
        assertThat(analysis.get("reviewee").asString()).isEqualTo("Agent");
        JsonNode agent = analysis.get("speakers").get(0);
        assertThat(agent.get("name").asString()).isEqualTo("Agent");
        assertThat(agent.get("talkSeconds").asDouble()).isEqualTo(7.0);
        assertThat(agent.get("questions").asInt()).isEqualTo(1);
        assertThat(analysis.get("sentiment").get("of").asString()).isEqualTo("the other party");
        // the recording's address was in the call's answer; it was never followed
        assertThat(fakes.seen).noneMatch(s -> s.path().startsWith("/recordings/"));
        assertThat(fakes.at("/v1/calls/" + id)).allSatisfy(s ->
                assertThat(s.authorization()).isEqualTo(CallFakes.basic(CallFakes.AIRCALL_ID, CallFakes.AIRCALL_TOKEN)));
    }

    @Test
    @Tag("claim:REV-6")
    void aTeamsMeetingWithAnExternalAttendeeIsAnalysedAndAnInternalOneSkipped() {
        Tenant t = connectedTenant();
        enable(t);
        String external = "MSoext" + UUID.randomUUID().toString().replace("-", "");
        String internal = "MSoint" + UUID.randomUUID().toString().replace("-", "");
        String meeting = """
                {"id":"%s","startDateTime":"2026-11-30T09:00:00Z","endDateTime":"2026-11-30T09:30:00Z","subject":"Review",
                 "participants":{"organizer":{"upn":"%s","role":"presenter","identity":{"user":{"id":"u1","displayName":"Org Anizer"}}},
                  "attendees":[{"upn":"%s","role":"attendee","identity":{"user":{"id":"u2","displayName":"Other"}}}]}}""";
        fakes.teamsMeetings.put(external, meeting.formatted(external, t.email(), "client@partner.example"));
        fakes.teamsMeetings.put(internal, meeting.formatted(internal, t.email(), "peer@hq.example.test"));
        String vtt = """
                WEBVTT

                00:00:00.000 --> 00:00:05.000
                <v Org Anizer>Shall we start with the schedule? We'll follow up with the contract next week.</v>

                00:00:05.500 --> 00:00:08.000
                <v Other>Sounds good.</v>
                """;
        fakes.teamsTranscripts.put(external, vtt);
        fakes.teamsTranscripts.put(internal, vtt);
        var a = t.api().postJson("/api/v1/reviews/calls/teams/meetings", Map.of("meetingId", external));
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        var b = t.api().postJson("/api/v1/reviews/calls/teams/meetings", Map.of("meetingId", internal));
        assertThat(b.status()).isEqualTo(202);
        JsonNode analysed = settled(t, a.json().get("call").asString());
        JsonNode skipped = settled(t, b.json().get("call").asString());
        assertThat(analysed.get("status").asString()).as(analysed.toString()).isEqualTo("ANALYSED");
        assertThat(analysed.get("analysis").get("reviewee").asString()).isEqualTo("Org Anizer");
        assertThat(analysed.get("analysis").get("nextSteps").toString()).contains("follow up with the contract");
        assertThat(skipped.get("status").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("reason").asString()).contains("internal meeting");
        assertThat(fakes.at("/v1.0/communications/onlineMeetings/" + external + "/transcripts/tr1/content"))
                .singleElement().satisfies(s -> assertThat(s.accept()).isEqualTo("text/vtt"));
        assertThat(fakes.at("/v1.0/communications/onlineMeetings/" + internal + "/transcripts")).isEmpty();
        assertThat(fakes.at("/" + CallFakes.GRAPH_TENANT + "/oauth2/v2.0/token")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.authorization()).isEqualTo(CallFakes.basic(CallFakes.GRAPH_CLIENT, CallFakes.GRAPH_SECRET));
            assertThat(s.body()).isEqualTo("grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
        });
    }
}
